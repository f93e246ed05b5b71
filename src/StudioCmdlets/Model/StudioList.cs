using System.Collections.ObjectModel;

namespace StudioCmdlets.Model
{
    /// <summary>
    /// A list an output object carries (a flow's findings, a repair's changes) that keeps its content where PowerShell
    /// turns it into text: Export-Csv writes a property as its ToString(), and so does ConvertTo-Json past its depth. An
    /// array would write its type name; this writes each item's own text, one item per line.
    /// </summary>
    public sealed class StudioList<T> : ReadOnlyCollection<T>
    {
        /// <summary>An empty list.</summary>
        public static readonly StudioList<T> Empty = new StudioList<T>(Array.Empty<T>());

        /// <summary>The items, in order.</summary>
        public StudioList(IList<T> items) : base(items) { }

        /// <inheritdoc />
        public override string ToString() => string.Join(Environment.NewLine, this.Select(i => i?.ToString()));
    }
}
