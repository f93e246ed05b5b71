namespace StudioCmdlets.Model
{
    /// <summary>
    /// Studio's JSON as the engine hands it over (a flow definition, an execution context), and the PowerShell objects
    /// made from it (<see cref="PSJson"/>) the first time someone reads them.
    /// </summary>
    internal sealed class JsonText
    {
        public static readonly JsonText None = new JsonText(null);
        private readonly Lazy<object?> _value;

        public JsonText(string? json)
        {
            Json = json;
            _value = new Lazy<object?>(() => PSJson.Parse(json));
        }

        public string? Json { get; }
        public object? Value => _value.Value;
    }
}
