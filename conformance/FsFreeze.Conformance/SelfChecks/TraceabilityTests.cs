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

                    foreach (string id in onType.Concat(method.GetCustomAttributes<RequirementAttribute>().Select(a => a.Id)))
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
