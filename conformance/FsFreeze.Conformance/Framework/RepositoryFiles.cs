using System.IO;

namespace FsFreeze.Conformance.Framework
{
    /// <summary>Locates files of the repository (spec/, conformance/vectors/) from wherever the tests run.</summary>
    public static class RepositoryFiles
    {
        /// <summary>The folder holding FsFreeze.sln.</summary>
        public static string Root
        {
            get
            {
                for (DirectoryInfo? dir = new(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "FsFreeze.sln")))
                    {
                        return dir.FullName;
                    }
                }

                throw new DirectoryNotFoundException("FsFreeze.sln not found above the test directory.");
            }
        }

        /// <summary>A path below the repository root.</summary>
        public static string PathOf(params string[] parts) => Path.Combine(Root, Path.Combine(parts));
    }
}
