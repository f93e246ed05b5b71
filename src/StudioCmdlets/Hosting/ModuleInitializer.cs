using System.IO;
using System.Reflection;

namespace StudioCmdlets.Hosting
{
    /// <summary>
    /// On .NET Framework (Windows PowerShell 5.1), where there are no load contexts, the module's dependencies
    /// live in its Dependencies folder and bind through an AssemblyResolve handler: registered when the module is
    /// imported, removed when it is removed, answering only requests made by the module's own assemblies (the .NET
    /// Framework builds of the dependencies are in Dependencies/Desktop), and
    /// unifying any version asked for to the one the module ships (Windows PowerShell has no binding redirects for
    /// us). Nothing is loaded before it is asked for. On PowerShell 7 the dependencies load into a private
    /// AssemblyLoadContext instead (<see cref="DependencyLoader"/>), and no handler is registered.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        /// <summary>Test-only: set to 1 to take the .NET Framework path on PowerShell 7 (LoadFrom and the resolver).</summary>
        public const string ForceDesktopVariable = "STUDIOCMDLETS_DESKTOP_LOADER";

        private static readonly object Gate = new object();
        private static bool _registered;
        private static int _answered;

        /// <summary>The folder of the module's own assemblies, and the folder of its dependencies.</summary>
        internal static string ModuleFolder => Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? "";

        internal static string DependencyFolder => DesktopLoader ? Path.Combine(ModuleFolder, "Dependencies", "Desktop") : Path.Combine(ModuleFolder, "Dependencies");

        /// <summary>True on .NET Framework, or when a test forces that path.</summary>
        internal static bool DesktopLoader =>
            Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", throwOnError: false) is null
            || Environment.GetEnvironmentVariable(ForceDesktopVariable) == "1";

        /// <summary>How many loads the resolver answered (for tests).</summary>
        internal static int Answered => _answered;

        /// <summary>Whether the resolver is registered now (for tests).</summary>
        internal static bool Registered => _registered;

        /// <inheritdoc />
        public void OnImport()
        {
            if (!DesktopLoader) return;
            if (Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", throwOnError: false) is null)
                System.Net.ServicePointManager.SecurityProtocol = WithTls12(System.Net.ServicePointManager.SecurityProtocol);
            lock (Gate)
            {
                if (_registered) return;
                AppDomain.CurrentDomain.AssemblyResolve += Resolve;
                _registered = true;
            }
        }

        /// <inheritdoc />
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            lock (Gate)
            {
                if (!_registered) return;
                AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
                _registered = false;
            }
        }

        /// <summary>
        /// Twilio accepts TLS 1.2 and later. On .NET Framework, add TLS 1.2 to what is enabled, lowering nothing; the
        /// operating system's defaults (SystemDefault, 0) already include it where it exists and are left alone.
        /// </summary>
        internal static System.Net.SecurityProtocolType WithTls12(System.Net.SecurityProtocolType current)
            => current == 0 ? current : current | System.Net.SecurityProtocolType.Tls12;

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            // Only the module's own assemblies are answered: another module's failed load is none of ours.
            if (!IsOurs(args.RequestingAssembly)) return null;
            var name = new AssemblyName(args.Name).Name;
            if (string.Equals(name, typeof(ModuleInitializer).Assembly.GetName().Name, StringComparison.OrdinalIgnoreCase))
                return typeof(ModuleInitializer).Assembly;
            // The contract the engine shares with this assembly: its one copy, at the module's root, is the one both use.
            var shared = Path.Combine(ModuleFolder, name + ".dll");
            var file = File.Exists(shared) ? shared : Path.Combine(DependencyFolder, name + ".dll");
            if (!File.Exists(file)) return null;
            System.Threading.Interlocked.Increment(ref _answered);
            // Whatever version was asked for, the one shipped is the one to use.
            return Assembly.LoadFrom(file);
        }

        private static bool IsOurs(Assembly? requesting)
        {
            if (requesting is null || requesting.IsDynamic) return false;
            string location;
            try { location = requesting.Location; }
            catch (NotSupportedException) { return false; }
            if (string.IsNullOrEmpty(location)) return false;
            var folder = Path.GetDirectoryName(Path.GetFullPath(location)) ?? "";
            return string.Equals(folder, ModuleFolder, StringComparison.OrdinalIgnoreCase)
                || string.Equals(folder, DependencyFolder, StringComparison.OrdinalIgnoreCase);
        }
    }
}
