using System.Reflection;
using System.Text.RegularExpressions;
using StudioCmdlets.Client;
using StudioCmdlets.Errors;

namespace StudioCmdlets.Tests;

/// <summary>
/// ErrorIds is the catalogue of every error id: each id is a literal there (grep finds where it is raised), each is
/// raised somewhere, no id is composed at run time, and the ids picked by parameter or resource are all literals.
/// </summary>
public sealed class ErrorCatalogueTests
{
    private static readonly string Source = Path.Combine(RepoRoot(), "src", "StudioCmdlets");

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "StudioCmdlets.sln"))) return dir.FullName;
        throw new InvalidOperationException("No StudioCmdlets.sln above " + AppContext.BaseDirectory);
    }

    private static readonly string[] Ids = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();

    private static IEnumerable<(string File, string Text)> Code()
        => Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (f, File.ReadAllText(f)));

    [Fact]
    public void Every_id_is_a_literal_named_as_itself_and_raised_somewhere()
    {
        foreach (var field in typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
            Assert.Equal(field.Name, field.GetRawConstantValue());
        var uses = string.Concat(Code().Where(c => !c.File.EndsWith("ErrorIds.cs", StringComparison.Ordinal)).Select(c => c.Text));
        var catalogue = File.ReadAllText(Path.Combine(Source, "Errors", "ErrorIds.cs"));
        foreach (var id in Ids)
            Assert.True(uses.Contains("ErrorIds." + id, StringComparison.Ordinal) || Regex.IsMatch(catalogue, $@"=>\s*{id}\b|\b{id},"),
                $"{id} is in the catalogue but nothing raises it");
    }

    [Fact]
    public void No_id_is_composed_at_run_time()
    {
        foreach (var (file, text) in Code())
        {
            Assert.DoesNotMatch(@"ErrorIds\.\w+\s*\+|""\s*\+\s*parameter|""Empty""\s*\+|""Invalid""\s*\+|NotFound""\s*;", text);
            // An ErrorRecord is made in one place, with an id from the catalogue.
            if (!file.EndsWith("StudioErrors.cs", StringComparison.Ordinal)) Assert.DoesNotContain("new ErrorRecord(", text);
        }
    }

    [Fact]
    public void The_ids_picked_by_parameter_or_resource_are_catalogue_literals()
    {
        foreach (var p in new[] { "FlowSid", "ExecutionSid", "StepSid", "ContactAddress", "Name", "Connection", "To", "From" })
            Assert.Contains(ErrorIds.Empty(p), Ids);
        foreach (var kind in new[] { SidKind.Flow, SidKind.Execution, SidKind.Step, SidKind.Account })
        {
            Assert.Contains(ErrorIds.InvalidSid(kind), Ids);
            Assert.Contains(ErrorIds.NotFound(kind), Ids);
            Assert.Contains(ErrorIds.Conflict(kind), Ids);
        }
        Assert.Equal("StudioExecutionStepNotFound", ErrorIds.NotFound(SidKind.Step));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorIds.Empty("Typo"));
    }

    [Fact]
    public void Every_parameter_the_scope_check_is_given_has_its_id()
    {
        // ScopeGiven(..., nameof(X)) across the cmdlets: each X has an Empty id (a missing one would throw at run time).
        var scoped = Code().SelectMany(c => Regex.Matches(c.Text, @"ScopeGiven\((?:true|false)(?:,\s*nameof\((\w+)\))+\)").Cast<Match>())
            .SelectMany(m => m.Groups[1].Captures.Select(x => x.Value)).Distinct().ToList();
        Assert.NotEmpty(scoped);
        foreach (var parameter in scoped) Assert.Contains(ErrorIds.Empty(parameter), Ids);
    }
}
