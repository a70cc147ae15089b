using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace FsFreeze.Conformance.Vectors
{
    /// <summary>
    /// The checked-in vector files, read from the copy the build places next to the test assembly (vectors/), so
    /// tests find them from any working directory. Documents are parsed once and shared.
    /// </summary>
    internal static class VectorData
    {
        private static readonly ConcurrentDictionary<string, JsonDocument> Documents = new(StringComparer.Ordinal);

        /// <summary>The directory holding the copied vector files.</summary>
        internal static string Directory => Path.Combine(AppContext.BaseDirectory, "vectors");

        /// <summary>Full path of <paramref name="fileName"/> in <see cref="Directory"/>.</summary>
        internal static string PathOf(string fileName) => Path.Combine(Directory, fileName);

        /// <summary>True when the file was copied to the output (it exists in conformance/vectors/).</summary>
        internal static bool Exists(string fileName) => File.Exists(PathOf(fileName));

        /// <summary>The parsed file; a missing file fails the calling test with the fix.</summary>
        internal static JsonElement Root(string fileName)
        {
            if (!Exists(fileName))
            {
                Assert.Fail($"{PathOf(fileName)} is missing: run `make vectors` (dotnet run --project conformance/FsFreeze.Vectors) and rebuild.");
            }

            return Documents.GetOrAdd(fileName, static name => JsonDocument.Parse(File.ReadAllText(PathOf(name)))).RootElement;
        }

        /// <summary>The <c>vectors</c> array of the file.</summary>
        internal static IReadOnlyList<JsonElement> Vectors(string fileName)
        {
            var vectors = new List<JsonElement>();
            foreach (JsonElement vector in Root(fileName).GetProperty("vectors").EnumerateArray())
            {
                vectors.Add(vector);
            }

            return vectors;
        }

        /// <summary>The vector with id <paramref name="id"/>.</summary>
        internal static JsonElement Find(string fileName, string id)
        {
            foreach (JsonElement vector in Vectors(fileName))
            {
                if (vector.GetProperty("id").GetString() == id)
                {
                    return vector;
                }
            }

            Assert.Fail($"{fileName} has no vector '{id}'");
            return default;
        }
    }
}
