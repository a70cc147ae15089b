using System;
using System.IO;
using FsFreeze.Guest.Uml;

namespace FsFreeze.Conformance.Adapters.KernelDriver
{
    /// <summary>
    /// IUT <c>uml</c> (the module <c>make uml</c> builds from guest-module/linux/, or $FSFREEZE_UML_MODULE) and
    /// <c>uml:PATH</c> (a driver implementer's own module, built against the same kernel tree: README "Run your own
    /// kernel module").
    /// </summary>
    public sealed class UmlKernelDriver : IKernelDriverImplementation
    {
        /// <summary>The IUT name of the project's own module.</summary>
        public const string IutName = "uml";

        /// <summary>The prefix of the form naming a module file.</summary>
        public const string Prefix = "uml:";

        /// <summary>How both forms read, for listings.</summary>
        public const string Syntax = "uml[:MODULE.ko]";

        /// <summary>What it is, for listings.</summary>
        public const string Description = "a kernel module in User-Mode Linux against the reference device over vhost-user (default: make uml's virtio_fsfreeze.ko)";

        /// <summary>The module at <paramref name="modulePath"/>.</summary>
        public UmlKernelDriver(string modulePath)
        {
            ArgumentException.ThrowIfNullOrEmpty(modulePath);
            ModulePath = modulePath;
            ModuleName = Path.GetFileNameWithoutExtension(modulePath).Replace('-', '_');
        }

        /// <inheritdoc />
        public string Name => "uml-" + ModuleName;

        /// <inheritdoc />
        public string ModulePath { get; }

        /// <inheritdoc />
        public string ModuleName { get; }

        /// <summary>
        /// The implementation an IUT setting of the <c>uml</c> family names: <paramref name="iut"/> is "uml" or
        /// "uml:PATH" (relative paths start at <paramref name="repositoryRoot"/>).
        /// </summary>
        public static UmlKernelDriver Parse(string iut, string repositoryRoot)
        {
            ArgumentNullException.ThrowIfNull(iut);
            if (string.Equals(iut, IutName, StringComparison.Ordinal))
            {
                return new UmlKernelDriver(UmlEnvironment.Module);
            }

            string path = iut[Prefix.Length..];
            return new UmlKernelDriver(Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(repositoryRoot, path)));
        }

        /// <summary>Whether <paramref name="iut"/> is of the <c>uml</c> family.</summary>
        public static bool Matches(string iut) =>
            string.Equals(iut, IutName, StringComparison.Ordinal) || (iut.StartsWith(Prefix, StringComparison.Ordinal) && iut.Length > Prefix.Length);

        /// <inheritdoc />
        public override string ToString() => Name;
    }
}
