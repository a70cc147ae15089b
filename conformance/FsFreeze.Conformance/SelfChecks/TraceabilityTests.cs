using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using FsFreeze.Conformance.Framework;
using FsFreeze.Conformance.Reporting;

namespace FsFreeze.Conformance.SelfChecks
{
    /// <summary>
    /// The suite checks itself: every requirement spec/ defines is named by at least one test of the suite, and
    /// every requirement a test names is defined. A requirement without a test is a hole in the suite; a test
    /// naming an unknown ID is a typo that would put its verdict nowhere.
    /// </summary>
    public sealed class TraceabilityTests
    {
        private static readonly RequirementIndex Index = RequirementIndex.Load(RepositoryFiles.PathOf("spec"));

        private static Dictionary<string, List<string>> NamedRequirements()
        {
            var named = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (Type type in typeof(RequirementAttribute).Assembly.GetTypes())
            {
                var onType = type.GetCustomAttributes<RequirementAttribute>(inherit: true).Select(a => a.Id).ToList();
                foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
                {
                    bool isTest = method.GetCustomAttributes().Any(a => a is TestAttribute or TestCaseAttribute or TestCaseSourceAttribute or FsCheck.NUnit.PropertyAttribute);
                    if (!isTest)
                    {
                        continue;
                    }

                    IEnumerable<string> ids = onType
                        .Concat(method.GetCustomAttributes<RequirementAttribute>().Select(a => a.Id))
                        .Concat(SourceCategories(type, method));
                    foreach (string id in ids)
                    {
                        if (!named.TryGetValue(id, out List<string>? tests))
                        {
                            named[id] = tests = new List<string>();
                        }

                        tests.Add($"{type.Name}.{method.Name}");
                    }
                }
            }

            return named;
        }

        /// <summary>
        /// Requirement categories that a table-driven test gives its cases (TestCaseData.SetCategory): the source
        /// is evaluated, as NUnit itself does when it builds the cases.
        /// </summary>
        private static IEnumerable<string> SourceCategories(Type type, MethodInfo method)
        {
            foreach (TestCaseSourceAttribute source in method.GetCustomAttributes<TestCaseSourceAttribute>())
            {
                MethodInfo? provider = (source.SourceType ?? type).GetMethod(source.SourceName ?? string.Empty, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static);
                if (provider?.Invoke(null, null) is not System.Collections.IEnumerable cases)
                {
                    continue;
                }

                foreach (object item in cases)
                {
                    if (item is TestCaseData data && data.Properties[NUnit.Framework.Internal.PropertyNames.Category] is System.Collections.IList categories)
                    {
                        foreach (object category in categories)
                        {
                            if (category is string id && id.StartsWith("FF-", StringComparison.Ordinal))
                            {
                                yield return id;
                            }
                        }
                    }
                }
            }
        }

        [Test]
        public void EveryRequirementIsNamedByATest()
        {
            Dictionary<string, List<string>> named = NamedRequirements();
            var missing = Index.Requirements.Where(r => !r.Retired && !named.ContainsKey(r.Id)).Select(r => r.Id).ToList();
            Assert.That(missing, Is.Empty, "requirements of spec/ that no test names");
        }

        [Test]
        public void EveryNamedRequirementIsDefined()
        {
            var unknown = NamedRequirements().Keys.Where(id => Index.Find(id) is null).OrderBy(id => id, StringComparer.Ordinal).ToList();
            Assert.That(unknown, Is.Empty, "IDs that tests name but spec/ does not define");
        }
    }
}
