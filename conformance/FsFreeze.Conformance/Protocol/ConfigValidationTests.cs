using System.Collections.Generic;
using System;
using System.Linq;
using FsFreeze.Conformance.Framework;
using FsFreeze.Conformance.Protocol.Cases;
using FsFreeze.Protocol.Config;

namespace FsFreeze.Conformance.Protocol
{
    /// <summary>FF-DEV-5: the configuration's ranges, one test per case of <see cref="ConfigCases"/>; each also round-trips the 12 bytes.</summary>
    public sealed class ConfigValidationTests
    {
        private static void Check(ConfigCase testCase)
        {
            byte[] bytes = new byte[FsFreezeConfig.Size];
            Assert.That(testCase.Config.Encode(bytes), Is.EqualTo(FsFreezeConfig.Size));
            Assert.That(FsFreezeConfig.TryDecode(bytes, out FsFreezeConfig decoded), Is.True);
            Assert.Multiple(() =>
            {
                Assert.That(decoded.RequestSize, Is.EqualTo(testCase.Config.RequestSize));
                Assert.That(decoded.MaxEntries, Is.EqualTo(testCase.Config.MaxEntries));
                Assert.That(decoded.MaxDeadlineMs, Is.EqualTo(testCase.Config.MaxDeadlineMs));
                Assert.That(decoded.Validate(), Is.EqualTo(testCase.ExpectedProblem));
            });
        }

        [Test]
        public void Table_CoversEveryProblem() =>
            Assert.That(Enum.GetValues<ConfigProblem>().Except(ConfigCases.All.Select(c => c.ExpectedProblem)), Is.Empty);

        [Test]
        [Requirement("FF-DEV-5")]
        public void Layout_IsLittleEndianAtTheSpecOffsets()
        {
            byte[] bytes = new byte[FsFreezeConfig.Size];
            new FsFreezeConfig(0x04030201, 0x08070605, 0x0c0b0a09).Encode(bytes);
            Assert.That(bytes, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }));
        }

        /// <summary>One named case per row of <see cref="ConfigCases"/>, tagged with the requirement the row checks.</summary>
        public static IEnumerable<TestCaseData> Cases() =>
            ConfigCases.All.Select(c => new TestCaseData(c).SetName(c.Name).SetCategory("FF-DEV-5"));

        [TestCaseSource(nameof(Cases))]
        public void Case(ConfigCase testCase) => Check(testCase);
    }
}
