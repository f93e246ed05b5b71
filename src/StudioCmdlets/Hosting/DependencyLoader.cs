using System.IO;
using System.Reflection;

namespace StudioCmdlets.Hosting
{
    /// <summary>
    /// Loads StudioCmdlets.Engine and its dependencies (Twilio, Newtonsoft.Json, Microsoft.IdentityModel.*,
    /// Polly) from the module's Dependencies folder. On PowerShell 7 they go into a module-private
    /// AssemblyLoadContext, so versions another module (Az, Microsoft.Graph) loaded first never meet ours.
    /// On Windows PowerShell 5.1 there are no load contexts: they load from that folder by path, bound by the
    /// resolver <see cref="ModuleInitializer"/> registers at import (docs/compatibility.md explains).
    /// </summary>
    internal static class DependencyLoader
    {
        public const string ContextName = "StudioCmdlets";
        private const string EngineName = "StudioCmdlets.Engine";
        private static readonly Lazy<Assembly> Engine = new Lazy<Assembly>(LoadEngine, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>
        /// A client for the connection's account: the engine's <see cref="IStudioEngine"/>, made from the connection's
        /// <see cref="EngineOptions"/> through the engine's one public constructor (the engine is loaded, not referenced),
        /// behind the cmdlets' <see cref="StudioClient"/>. The contract's types are this assembly's (one copy, beside it).
        /// </summary>
        public static StudioClient CreateClient(StudioConnection connection, Action<string>? trace, IRequestLimit limit, CancellationToken halt = default,
            ServiceHealth? health = null, SemaphoreSlim? total = null)
        {
            var type = Engine.Value.GetType(EngineName + ".StudioEngine", throwOnError: true)!;
            var engine = (IStudioEngine)Activator.CreateInstance(type, connection.ForEngine(trace, limit, halt, health, total))!;
            return new StudioClient(engine, connection.AccountSid);
        }

        private static Assembly LoadEngine()
        {
            var folder = ModuleInitializer.DependencyFolder;
            var engine = Path.Combine(folder, EngineName + ".dll");
            if (!File.Exists(engine))
            {
                // Development and tests: the engine sits beside this assembly.
                return Assembly.Load(new AssemblyName(EngineName));
            }
            var contextType = Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", throwOnError: false);
            if (contextType is null || ModuleInitializer.DesktopLoader)
            {
                // .NET Framework: the engine loads from its folder; its references bind there or through the
                // resolver ModuleInitializer registered at import.
                return Assembly.LoadFrom(engine);
            }

            // A plain context instance (this assembly targets netstandard2.0 and cannot subclass it): everything
            // in Dependencies that the runtime does not itself provide is loaded into it up front, so the engine's
            // references bind there first; what the runtime provides (System.*) comes from the default context.
            var context = Activator.CreateInstance(contextType, ContextName, false)!;
            var loadFromPath = contextType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) })!;
            var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "";
            Assembly? loaded = null;
            foreach (var dll in Directory.GetFiles(folder, "*.dll").OrderBy(f => f, StringComparer.Ordinal))
            {
                var name = Path.GetFileName(dll);
                if (File.Exists(Path.Combine(runtimeDirectory, name))) continue;
                var assembly = (Assembly)loadFromPath.Invoke(context, new object[] { dll })!;
                if (string.Equals(Path.GetFileNameWithoutExtension(dll), EngineName, StringComparison.OrdinalIgnoreCase)) loaded = assembly;
            }
            return loaded ?? throw new FileNotFoundException("The module's engine is missing.", engine);
        }
    }
}
