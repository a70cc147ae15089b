using System;
using System.IO;

namespace FsFreeze.Conformance.Runner
{
    /// <summary>Finds the repository (the folder holding FsFreeze.sln), from the working directory up.</summary>
    internal static class RepositoryRoot
    {
        public static string Find()
        {
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "FsFreeze.sln")))
                    {
                        return dir.FullName;
                    }
                }
            }

            throw new DirectoryNotFoundException("FsFreeze.sln not found above the working directory.");
        }
    }
}
