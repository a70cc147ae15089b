using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FsFreeze.Conformance.Framework;
using FsFreeze.Vectors;

namespace FsFreeze.Conformance.Vectors
{
    /// <summary>
    /// The checked-in vectors are exactly what the generator produces now: a change to the model or the generator
    /// without regenerating fails here, so other implementations never test against stale data.
    /// </summary>
    [TestFixture]
    public sealed class VectorFreshnessTests
    {
        private const string Fix = "Run `make vectors` (dotnet run --project conformance/FsFreeze.Vectors) and commit conformance/vectors/.";

        /// <summary>The generated file names.</summary>
        public static IEnumerable<string> FileNames() => VectorFiles.All.Select(file => file.FileName);

        /// <summary>The checked-in file equals the generator's output byte for byte.</summary>
        [TestCaseSource(nameof(FileNames))]
        [Requirement("FF-RING-18")]
        [Requirement("FF-RING-19")]
        [Requirement("FF-MMIO-1")]
        public void CheckedInFileEqualsGeneratorOutput(string fileName)
        {
            string path = VectorData.PathOf(fileName);
            if (!File.Exists(path))
            {
                Assert.Fail($"conformance/vectors/{fileName} is missing. {Fix}");
            }

            string checkedIn = File.ReadAllText(path);
            string generated = VectorFiles.All.Single(file => file.FileName == fileName).Generate();
            if (!string.Equals(checkedIn, generated, StringComparison.Ordinal))
            {
                Assert.Fail($"conformance/vectors/{fileName} is stale: it differs from the generator's output at line {FirstDifferentLine(checkedIn, generated)}. {Fix}");
            }
        }

        /// <summary>Generation is deterministic: two runs give the same text.</summary>
        [TestCaseSource(nameof(FileNames))]
        public void GeneratorIsDeterministic(string fileName)
        {
            VectorFile file = VectorFiles.All.Single(f => f.FileName == fileName);
            string first = file.Generate();
            string second = file.Generate();
            Assert.That(second, Is.EqualTo(first));
        }

        private static int FirstDifferentLine(string a, string b)
        {
            string[] left = a.Split('\n');
            string[] right = b.Split('\n');
            int line = 0;
            while (line < left.Length && line < right.Length && left[line] == right[line])
            {
                line++;
            }

            return line + 1;
        }
    }
}
