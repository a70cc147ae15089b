using System;
using System.IO;

namespace FsFreeze.Guest.Uml
{
    /// <summary>
    /// Where the User-Mode Linux kernel and the module are. Both are built by <c>make uml</c>; a test that finds
    /// them missing is ignored with the reason (never silently green).
    /// </summary>
    public static class UmlEnvironment
    {
        private static readonly Lazy<(string? Tree, string Reason)> TreeLookup = new(LookUpTree);

        /// <summary>The repository root (the folder holding FsFreeze.sln).</summary>
        public static string RepositoryRoot { get; } = FindRepositoryRoot();

        /// <summary>The built kernel tree (its <c>linux</c> executable and scripts/), or null.</summary>
        public static string? KernelTree => TreeLookup.Value.Tree;

        /// <summary>The <c>linux</c> executable of <see cref="KernelTree"/>, or null.</summary>
        public static string? Kernel => KernelTree is null ? null : Path.Combine(KernelTree, "linux");

        /// <summary>virtio_fsfreeze.ko: $FSFREEZE_UML_MODULE, else artifacts/uml/module/ as <c>make uml</c> leaves it.</summary>
        public static string Module =>
            Environment.GetEnvironmentVariable("FSFREEZE_UML_MODULE") is { Length: > 0 } path
                ? path
                : Path.Combine(RepositoryRoot, "artifacts", "uml", "module", "virtio_fsfreeze.ko");

        /// <summary>Ignores the calling test unless the kernel and the module at <see cref="Module"/> are built and the host tools exist.</summary>
        public static void RequireGuest(params string[] hostTools) => RequireGuest(Module, hostTools);

        /// <summary>Ignores the calling test unless the kernel and <paramref name="module"/> are built and the host tools exist.</summary>
        public static void RequireGuest(string module, string[] hostTools)
        {
            if (Unavailable(module, hostTools) is { } reason)
            {
                Assert.Ignore(reason);
            }
        }

        /// <summary>
        /// Why a guest with <paramref name="module"/> cannot run here (kernel or module not built, a host tool or the
        /// back-end missing), or null when it can: for callers outside a test, such as the demo.
        /// </summary>
        public static string? Unavailable(string module, string[] hostTools)
        {
            ArgumentNullException.ThrowIfNull(hostTools);
            if (KernelTree is null)
            {
                return $"User-Mode Linux kernel not built: {TreeLookup.Value.Reason}. Run `make uml` (needs root for apt-get, or the packages installed).";
            }

            if (!File.Exists(module))
            {
                return $"{module} not built: run `make uml`.";
            }

            foreach (string tool in hostTools)
            {
                if (HostCommand.Find(tool) is null)
                {
                    return $"host tool {tool} is missing (`make uml` installs it as root).";
                }
            }

            return File.Exists(ReferenceBackend.Program) ? null : $"{ReferenceBackend.Program} is not built (dotnet build -c Release).";
        }

        private static (string? Tree, string Reason) LookUpTree()
        {
            string script = Path.Combine(RepositoryRoot, "tools", "uml", "build-kernel.sh");
            HostCommandResult result = HostCommand.Run(script, TimeSpan.FromSeconds(60), "--cached-only");
            string[] lines = result.StandardOutput.Trim().Split('\n');
            string last = lines[^1].Trim();
            if (result.ExitCode == 0 && File.Exists(Path.Combine(last, "linux")))
            {
                return (last, string.Empty);
            }

            return (null, result.Output.Trim());
        }

        private static string FindRepositoryRoot()
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "FsFreeze.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return dir ?? throw new InvalidOperationException("FsFreeze.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
