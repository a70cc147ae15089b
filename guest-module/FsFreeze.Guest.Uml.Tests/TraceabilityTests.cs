using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using FsFreeze.Guest.Uml.Tests.Harness;

namespace FsFreeze.Guest.Uml.Tests
{
    /// <summary>Every requirement ID this project's tests name exists in spec/requirements.json (the suite's self-check covers only its own assembly).</summary>
    public sealed class TraceabilityTests
    {
        [Test]
        public void EveryNamedRequirement_IsInTheSpec()
        {
            JsonNode index = JsonNode.Parse(File.ReadAllText(Path.Combine(UmlEnvironment.RepositoryRoot, "spec", "requirements.json")))!;
            string text = index.ToJsonString();
            string[] named = typeof(TraceabilityTests).Assembly.GetTypes()
                .SelectMany(t => t.GetMethods())
                .SelectMany(m => m.GetCustomAttributes<CategoryAttribute>())
                .Select(c => c.Name)
                .Where(n => n.StartsWith("FF-", System.StringComparison.Ordinal))
                .Distinct()
                .ToArray();
            Assert.That(named, Is.Not.Empty);
            Assert.That(named.Where(id => !text.Contains($"\"{id}\"", System.StringComparison.Ordinal)), Is.Empty, "IDs not in spec/requirements.json");
        }
    }
}
