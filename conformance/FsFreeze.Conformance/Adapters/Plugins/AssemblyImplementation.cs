using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace FsFreeze.Conformance.Adapters.Plugins
{
    /// <summary>
    /// The IUT form <c>assembly:PATH:TYPE</c>: a .NET implementation the suite loads from a built assembly. PATH is
    /// the .dll, absolute or relative to the repository root; TYPE is the full name of a public class with a public
    /// parameterless constructor implementing one or more adapter interfaces. The last ':' separates the two, so a
    /// Windows drive letter in PATH is fine.
    /// </summary>
    public static class AssemblyImplementation
    {
        /// <summary>The prefix that selects this form.</summary>
        public const string Prefix = "assembly:";

        /// <summary>The syntax, for listings and error messages.</summary>
        public const string Syntax = "assembly:<path-to.dll>:<Full.Type.Name>";

        /// <summary>The roles an implementation can take; it is offered for each one its type implements.</summary>
        public static IReadOnlyList<Type> AdapterInterfaces { get; } = new[]
        {
            typeof(IVirtqueueImplementation),
            typeof(IMmioTransportImplementation),
            typeof(IDeviceImplementation),
            typeof(IDriverImplementation),
        };

        // One load context per assembly file, so resolving the setting again (every fixture source does) reuses it.
        private static readonly Dictionary<string, Assembly> Loaded = new(StringComparer.Ordinal);

        /// <summary>True when <paramref name="iut"/> is of the <c>assembly:</c> form.</summary>
        public static bool Matches(string iut) => iut is not null && iut.StartsWith(Prefix, StringComparison.Ordinal);

        /// <summary>
        /// Loads and instantiates the implementation <paramref name="iut"/> names, with relative paths taken from
        /// <paramref name="repositoryRoot"/>. Never throws for a bad setting: the failure is in the result.
        /// </summary>
        public static ResolvedImplementation Resolve(string iut, string repositoryRoot)
        {
            ArgumentNullException.ThrowIfNull(iut);
            ArgumentNullException.ThrowIfNull(repositoryRoot);
            string body = iut.Substring(Prefix.Length);
            int separator = body.LastIndexOf(':');
            if (separator <= 0 || separator == body.Length - 1)
            {
                return ResolvedImplementation.Failed(iut, $"IUT '{iut}' is malformed: expected {Syntax}");
            }

            string path = Path.GetFullPath(Path.Combine(repositoryRoot, body.Substring(0, separator)));
            string typeName = body.Substring(separator + 1);
            if (!File.Exists(path))
            {
                return ResolvedImplementation.Failed(iut, $"IUT '{iut}': no assembly at {path} (relative paths are taken from the repository root {repositoryRoot}); build the implementation first");
            }

            try
            {
                Assembly assembly = LoadOnce(path);
                Type? type = assembly.GetType(typeName, throwOnError: false, ignoreCase: false);
                if (type is null)
                {
                    string known = string.Join(", ", assembly.GetExportedTypes().Where(IsAdapter).Select(t => t.FullName));
                    return ResolvedImplementation.Failed(iut, $"IUT '{iut}': type {typeName} not found in {path}" +
                        (known.Length == 0 ? " (it has no public adapter types)" : $" (adapter types there: {known})"));
                }

                return Instantiate(iut, type);
            }
            catch (Exception error) when (error is BadImageFormatException or FileLoadException or FileNotFoundException or ReflectionTypeLoadException or TypeLoadException)
            {
                // A dependency missing next to the plugin shows up here too, with the name of what is missing.
                return ResolvedImplementation.Failed(iut, $"IUT '{iut}': cannot load {path}: {error.GetType().Name}: {error.Message}");
            }
        }

        private static ResolvedImplementation Instantiate(string iut, Type type)
        {
            if (!IsAdapter(type))
            {
                string roles = string.Join(", ", AdapterInterfaces.Select(t => t.Name));
                return ResolvedImplementation.Failed(iut, $"IUT '{iut}': type {type.FullName} implements none of the adapter interfaces ({roles})");
            }

            if (type.IsAbstract || type.ContainsGenericParameters || type.GetConstructor(Type.EmptyTypes) is null)
            {
                return ResolvedImplementation.Failed(iut, $"IUT '{iut}': type {type.FullName} needs to be a concrete class with a public parameterless constructor");
            }

            try
            {
                return ResolvedImplementation.Offering(iut, new[] { Activator.CreateInstance(type)! });
            }
            catch (TargetInvocationException error) when (error.InnerException is not null)
            {
                Exception cause = error.InnerException;
                return ResolvedImplementation.Failed(iut, $"IUT '{iut}': the constructor of {type.FullName} threw {cause.GetType().Name}: {cause.Message}");
            }
        }

        private static bool IsAdapter(Type type) =>
            type.IsClass && AdapterInterfaces.Any(role => role.IsAssignableFrom(type));

        private static Assembly LoadOnce(string path)
        {
            lock (Loaded)
            {
                if (!Loaded.TryGetValue(path, out Assembly? assembly))
                {
                    assembly = new ImplementationLoadContext(path).LoadFromAssemblyPath(path);
                    Loaded.Add(path, assembly);
                }

                return assembly;
            }
        }
    }
}
