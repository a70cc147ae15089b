using FsFreeze.Conformance.Framework;
using FsFreeze.Protocol;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// Every counterexample the generated hostile runs ever shrank to, kept as a fixed case (DESIGN.md: a
    /// counterexample ever found becomes a regression). The first two were a real leak in the driver model (each
    /// probe after a reset or reload took new ring memory, FF-DRV-33; fixed in FsFreezeDriver.Probe.cs). The others
    /// were requests a hostile device can make the driver read that the deadline oracle first did not account for.
    /// </summary>
    public sealed class HostileRegressions
    {
        [Test]
        [Requirement("FF-DRV-33")]
        public void ReloadingTheDriver_TakesNoNewGuestMemory() =>
            AssertHolds(new SystemScenario(375964860, true, [new RemoveDriver(), new Advance(13)]));

        [Test]
        [Requirement("FF-DRV-33")]
        [Requirement("FF-DEV-9")]
        public void ResetAfterAWritableReplyChain_TakesNoNewGuestMemory() =>
            AssertHolds(new SystemScenario(2094859360, true, [new InjectMalformed(MalformedCase.WritableReplyChain)]));

        [Test]
        [Requirement("FF-DRV-14")]
        [Requirement("FF-DRV-13")]
        public void AForgedCompletion_ReplaysAnOldFreeze_WhoseDeadlineCountsFromItsReceipt() =>
            AssertHolds(new SystemScenario(199756227, true,
            [
                new HostFreeze(8),
                new Advance(544),
                new TamperedRequest(RequestType.Thaw, Tamper.UsedId, [], 0),
                new Advance(2),
            ]));

        [Test]
        [Requirement("FF-DRV-9")]
        [Requirement("FF-DRV-14")]
        public void AForgedFreezeBehindARealOne_IsBusy_AndTheRealDeadlineHolds() =>
            AssertHolds(new SystemScenario(198444583, true,
            [
                new HostFreeze(1872),
                new TamperedRequest(RequestType.Status, Tamper.RandomBytes, System.Convert.FromHexString("010000007E686C6E2D00000000000000"), 8),
                new Advance(128),
            ]));

        private static void AssertHolds(SystemScenario scenario)
        {
            SystemArena arena = SystemArena.Run(scenario);
            Assert.That(arena.Log.Violations, Is.Empty, scenario.ToString());
        }
    }
}
