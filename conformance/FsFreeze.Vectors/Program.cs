using System;
using System.IO;

namespace FsFreeze.Vectors
{
    /// <summary>
    /// Writes every vector file. Usage: <c>dotnet run --project conformance/FsFreeze.Vectors [-- outdir]</c>;
    /// the default output directory is conformance/vectors of the repository around the current directory.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            string? outputDirectory = args.Length > 0 ? args[0] : DefaultOutputDirectory();
            if (outputDirectory is null)
            {
                Console.Error.WriteLine($"cannot find {RepositoryRoot.Marker} above the current directory; pass the output directory");
                return 2;
            }

            Directory.CreateDirectory(outputDirectory);
            foreach (VectorFile file in VectorFiles.All)
            {
                string path = Path.Combine(outputDirectory, file.FileName);

                // WriteAllText without an encoding writes UTF-8 without a BOM, byte-identical to the generator's text.
                File.WriteAllText(path, file.Generate());
                Console.WriteLine(path);
            }

            return 0;
        }

        private static string? DefaultOutputDirectory()
        {
            string? root = RepositoryRoot.Find();
            return root is null ? null : Path.Combine(root, VectorFiles.RelativeDirectory);
        }
    }
}
