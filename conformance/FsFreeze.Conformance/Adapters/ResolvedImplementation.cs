using System;
using System.Collections.Generic;
using System.Linq;

namespace FsFreeze.Conformance.Adapters
{
    /// <summary>
    /// What one IUT setting resolved to: the adapter objects it offers (of any role), or why it could not be
    /// resolved. A failed resolution offers nothing; the suite reports its <see cref="Error"/> as one failing test.
    /// </summary>
    public sealed class ResolvedImplementation
    {
        private ResolvedImplementation(string iut, IReadOnlyList<object> components, string? error)
        {
            Iut = iut;
            Components = components;
            Error = error;
        }

        /// <summary>The IUT setting as given.</summary>
        public string Iut { get; }

        /// <summary>The adapter objects offered; one object may serve several roles.</summary>
        public IReadOnlyList<object> Components { get; }

        /// <summary>Why the setting could not be resolved, or null when it was.</summary>
        public string? Error { get; }

        /// <summary>True when the setting resolved.</summary>
        public bool Succeeded => Error is null;

        /// <summary>A resolution offering <paramref name="components"/>.</summary>
        public static ResolvedImplementation Offering(string iut, IEnumerable<object> components) =>
            new(iut, components.ToList(), null);

        /// <summary>A resolution that failed for <paramref name="error"/>.</summary>
        public static ResolvedImplementation Failed(string iut, string error) =>
            new(iut, Array.Empty<object>(), error);

        /// <summary>The components that serve the role <typeparamref name="T"/>.</summary>
        public IEnumerable<T> Of<T>() => Components.OfType<T>();
    }
}
