using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace FsFreeze.Conformance.Adapters.Plugins
{
    /// <summary>
    /// The load context of one external implementation assembly. Every assembly the suite itself can load (the
    /// adapter interfaces, the reference libraries they mention, NUnit) comes from the suite, so the plugin's
    /// <see cref="IVirtqueueImplementation"/> is the very type the suite tests against; anything else is looked up
    /// next to the plugin (through its .deps.json when it has one, else by file name).
    /// </summary>
    internal sealed class ImplementationLoadContext : AssemblyLoadContext
    {
        private readonly string _directory;
        private readonly AssemblyDependencyResolver _resolver;

        /// <summary>A context for the assembly at <paramref name="assemblyPath"/> (a full path).</summary>
        public ImplementationLoadContext(string assemblyPath)
            : base($"fsfreeze-iut:{Path.GetFileName(assemblyPath)}", isCollectible: false)
        {
            _directory = Path.GetDirectoryName(assemblyPath)!;
            _resolver = new AssemblyDependencyResolver(assemblyPath);
        }

        /// <inheritdoc />
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // Shared first: a second copy of FsFreeze.Conformance (which a plugin's build copies next to it) would
            // define its own IVirtqueueImplementation, and the plugin's type would no longer be one the suite knows.
            Assembly? shared = TryLoadShared(assemblyName);
            if (shared is not null)
            {
                return shared;
            }

            string? path = _resolver.ResolveAssemblyToPath(assemblyName);
            if (path is null && assemblyName.Name is not null)
            {
                string candidate = Path.Combine(_directory, assemblyName.Name + ".dll");
                path = File.Exists(candidate) ? candidate : null;
            }

            return path is null ? null : LoadFromAssemblyPath(path);
        }

        /// <inheritdoc />
        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            string? path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
            return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
        }

        private static Assembly? TryLoadShared(AssemblyName assemblyName)
        {
            try
            {
                return Default.LoadFromAssemblyName(assemblyName);
            }
            catch (FileNotFoundException)
            {
                // Not one of the suite's assemblies: the plugin brings its own.
                return null;
            }
            catch (FileLoadException)
            {
                // The suite has it, but not in a version that satisfies the plugin: let the plugin's copy load.
                return null;
            }
        }
    }
}
