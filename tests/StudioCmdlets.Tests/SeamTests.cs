using System.Reflection;
using System.Runtime.CompilerServices;
using StudioCmdlets.Contract;
using StudioCmdlets.Engine;

namespace StudioCmdlets.Tests;

/// <summary>
/// The seam between the cmdlets and the engine is a fact of the compiled assemblies: the two share only the contract,
/// and neither sees the other's internals. These read what the compiler wrote, so a friend access or a reference across
/// the seam fails here.
/// </summary>
public sealed class SeamTests
{
    private static readonly Assembly Cmdlets = typeof(StudioCmdlets.Commands.StudioCmdlet).Assembly;
    private static readonly Assembly Engine = typeof(StudioEngine).Assembly;
    private static readonly Assembly Contract = typeof(IStudioEngine).Assembly;

    private static string[] References(Assembly a) => a.GetReferencedAssemblies().Select(r => r.Name!).ToArray();

    private static string[] Friends(Assembly a)
        => a.GetCustomAttributes<InternalsVisibleToAttribute>().Select(v => v.AssemblyName.Split(',')[0].Trim()).ToArray();

    [Fact]
    public void The_engine_references_the_contract_and_never_the_cmdlets_or_PowerShell()
    {
        var references = References(Engine);
        Assert.Contains("StudioCmdlets.Contract", references);
        Assert.DoesNotContain("StudioCmdlets", references);
        Assert.DoesNotContain("System.Management.Automation", references);
    }

    [Fact]
    public void The_cmdlets_reference_the_contract_and_never_the_engine_or_Twilio()
    {
        var references = References(Cmdlets);
        Assert.Contains("StudioCmdlets.Contract", references);
        foreach (var other in new[] { "StudioCmdlets.Engine", "Twilio", "Newtonsoft.Json", "Polly.Core" }) Assert.DoesNotContain(other, references);
    }

    [Fact]
    public void The_contract_references_only_the_framework()
        => Assert.Equal(new[] { "netstandard" }, References(Contract));

    [Fact]
    public void No_side_sees_the_others_internals()
    {
        Assert.Empty(Friends(Contract));
        Assert.Equal(new[] { "StudioCmdlets.Tests" }, Friends(Cmdlets));
        Assert.Equal(new[] { "StudioCmdlets.Tests" }, Friends(Engine));
    }

    [Fact]
    public void The_contract_speaks_only_its_own_types_and_the_frameworks()
    {
        var exposed = new List<Type>();
        foreach (var type in Contract.GetExportedTypes())
        {
            Assert.Equal("StudioCmdlets.Contract", type.Namespace);
            exposed.AddRange(type.GetProperties().Select(p => p.PropertyType));
            foreach (var method in type.GetMethods().Where(m => m.DeclaringType == type))
            {
                exposed.Add(method.ReturnType);
                exposed.AddRange(method.GetParameters().Select(p => p.ParameterType));
            }
            exposed.AddRange(type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType));
        }
        var outside = exposed.SelectMany(Unwrap).Where(t => t.Assembly != Contract && t.Assembly != typeof(object).Assembly && t.Assembly != typeof(Uri).Assembly
            && t.Assembly != typeof(System.Security.SecureString).Assembly).Select(t => t.FullName).Distinct().ToList();
        Assert.Empty(outside);
        Assert.Contains(typeof(ExecutionRecord), exposed);
    }

    /// <summary>A type and the types it is made of (Task&lt;IReadOnlyList&lt;T&gt;&gt;, T[], T&amp;).</summary>
    private static IEnumerable<Type> Unwrap(Type t)
    {
        if (t.HasElementType) return Unwrap(t.GetElementType()!);
        if (t.IsGenericType) return new[] { t.GetGenericTypeDefinition() }.Concat(t.GetGenericArguments().SelectMany(Unwrap));
        return new[] { t };
    }
}
