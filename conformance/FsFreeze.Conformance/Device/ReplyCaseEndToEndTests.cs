using System.Collections.Generic;
using System.Linq;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Conformance.Protocol.Cases;

namespace FsFreeze.Conformance.Device
{
    /// <summary>
    /// Every case of <see cref="ReplyCases"/> through the real device, end to end: the host sends the awaited
    /// requests, the suite (as the guest) puts the case's bytes on replyq, and the host-visible outcome must match
    /// the case: ignored and counted with the operations still pending (FF-DEV-11, FF-DEV-13), a protocol error
    /// for the host (FF-DEV-12), or a completed operation / updated guest state.
    /// </summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.Devices))]
    public sealed partial class ReplyCaseEndToEndTests
    {
        private readonly IDeviceImplementation _implementation;

        public ReplyCaseEndToEndTests(IDeviceImplementation implementation) => _implementation = implementation;

        /// <summary>One named case per row of <see cref="ReplyCases"/>, tagged with the requirement the row checks.</summary>
        public static IEnumerable<TestCaseData> Cases() =>
            ReplyCases.All.Select(c => new TestCaseData(c).SetName(c.Name).SetCategory(c.Requirement));

        [TestCaseSource(nameof(Cases))]
        public void Case(ReplyCase testCase) => Check(testCase);
    }
}
