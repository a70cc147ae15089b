using System;
using System.IO;

namespace FsFreeze.Vectors
{
    /// <summary>
    /// Finds the repository (the directory holding FsFreeze.sln) by walking up, so the generator and the tests
    /// work from any current directory and from any build output directory inside the repository.
    /// </summary>
    internal static class RepositoryRoot
    {
        /// <summary>The marker file at the repository root.</summary>
        internal const string Marker = "FsFreeze.sln";

        /// <summary>The root above the current directory, else above this assembly, else null.</summary>
        internal static string? Find() => FindFrom(Directory.GetCurrentDirectory()) ?? FindFrom(AppContext.BaseDirectory);

        /// <summary>The nearest directory at or above <paramref name="start"/> holding the marker, or null.</summary>
        internal static string? FindFrom(string start)
        {
            for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, Marker)))
                {
                    return directory.FullName;
                }
            }

            return null;
        }
    }
}
