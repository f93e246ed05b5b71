using System.Reflection;
using System.Text.RegularExpressions;
using StudioCmdlets.Client;
using StudioCmdlets.Contract;
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
        // Each kind has an id of its own, never the catch-all StudioRequestFailed (which is in the catalogue whatever happens).
        var kinds = new[] { (SidKind.Flow, "Flow"), (SidKind.Execution, "Execution"), (SidKind.Step, "Step"), (SidKind.Account, "Account") };
        foreach (var (kind, name) in kinds)
        {
            Assert.Equal($"Invalid{name}Sid", ErrorIds.InvalidSid(kind));
            Assert.Contains(ErrorIds.InvalidSid(kind), Ids);
            Assert.Matches($"^Studio\\w*{name}NotFound$", ErrorIds.NotFound(kind));
            Assert.Contains(ErrorIds.NotFound(kind), Ids);
        }
        // A 409 means a conflict only for an execution (the contact is held) and a flow (a name in use).
        Assert.Equal("StudioExecutionConflict", ErrorIds.Conflict(SidKind.Execution));
        Assert.Equal("StudioFlowConflict", ErrorIds.Conflict(SidKind.Flow));
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

    [Theory]
    [InlineData(typeof(NullReferenceException))]
    [InlineData(typeof(InvalidCastException))]
    [InlineData(typeof(KeyNotFoundException))]
    public void A_bug_is_an_internal_error_not_an_outage(Type type)
    {
        var bug = (Exception)Activator.CreateInstance(type, "something the module did not expect")!;
        var record = StudioErrors.From(new AggregateException(bug), SidKind.Execution, "ending execution FN1", "FN1");
        Assert.Equal(ErrorIds.StudioInternalError, record.FullyQualifiedErrorId);
        Assert.Equal("FN1", record.TargetObject);
        var failure = StudioErrors.Failure(record.Exception)!;
        Assert.Equal(StudioFailure.Internal, failure.Failure);
        Assert.Same(bug, record.Exception.InnerException!.InnerException);
        Assert.False(StudioCmdlets.Commands.StudioCmdlet.IsConnectionFailure(record.Exception), "a bug never counts towards 'Twilio looks dead'");
        Assert.Contains("not Twilio's or the network's", record.Exception.Message);
        Assert.Contains("$Error[0].Exception.ToString()", record.ErrorDetails.RecommendedAction);
        // The same failure reported again keeps its kind and id.
        Assert.Equal(ErrorIds.StudioInternalError, StudioErrors.From(record.Exception, SidKind.Execution, "ending execution FN1", "FN1").FullyQualifiedErrorId);
    }
}
