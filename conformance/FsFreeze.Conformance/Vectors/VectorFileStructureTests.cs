using System.Collections.Generic;
using System.Text.Json;

namespace FsFreeze.Conformance.Vectors
{
    /// <summary>
    /// The contract conformance/vectors/README.md promises other implementations: a common header, a count that
    /// matches, and a unique string id on every vector.
    /// </summary>
    [TestFixture]
    public sealed class VectorFileStructureTests
    {
        /// <summary>Header fields, count and unique ids.</summary>
        [TestCaseSource(typeof(VectorFreshnessTests), nameof(VectorFreshnessTests.FileNames))]
        public void HasHeaderAndUniqueIds(string fileName)
        {
            JsonElement root = VectorData.Root(fileName);
            Assert.That(root.GetProperty("schema").GetString(), Does.StartWith("fsfreeze.vectors.").And.Contain("/"));
            Assert.That(root.GetProperty("description").GetString(), Is.Not.Empty);
            Assert.That(root.GetProperty("spec_refs").GetArrayLength(), Is.GreaterThan(0));
            foreach (JsonElement reference in root.GetProperty("spec_refs").EnumerateArray())
            {
                Assert.That(reference.GetString(), Does.Match(@"^FF-[A-Z]+-\d+$"));
            }

            IReadOnlyList<JsonElement> vectors = VectorData.Vectors(fileName);
            Assert.That(root.GetProperty("count").GetInt32(), Is.EqualTo(vectors.Count));
            var ids = new HashSet<string>();
            foreach (JsonElement vector in vectors)
            {
                string? id = vector.GetProperty("id").GetString();
                Assert.That(id, Is.Not.Null.And.Not.Empty);
                Assert.That(ids.Add(id!), Is.True, $"duplicate id {id}");
            }
        }
    }
}
