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

        [Test]
        public void EveryCaseHasATest() =>
            Assert.That(typeof(ReplyCaseEndToEndTests).GetMethods().Select(m => m.Name), Is.SupersetOf(ReplyCases.All.Select(c => c.Name)));

        [Test]
        [Requirement("FF-DEV-11")]
        public void TooShort() => Check(ReplyCases.TooShort);

        [Test]
        [Requirement("FF-DEV-11")]
        public void Empty() => Check(ReplyCases.Empty);

        [Test]
        [Requirement("FF-DEV-11")]
        public void UnknownRequestId() => Check(ReplyCases.UnknownRequestId);

        [Test]
        [Requirement("FF-DEV-11")]
        public void RequestIdZero() => Check(ReplyCases.RequestIdZero);

        [Test]
        [Requirement("FF-DEV-11")]
        public void TypeMismatch() => Check(ReplyCases.TypeMismatch);

        [Test]
        [Requirement("FF-DEV-11")]
        public void FreezeTypeForStatusId() => Check(ReplyCases.FreezeTypeForStatusId);

        [Test]
        [Requirement("FF-DEV-11")]
        public void UnknownTypeForAwaitedId() => Check(ReplyCases.UnknownTypeForAwaitedId);

        [Test]
        [Requirement("FF-DEV-13")]
        public void EventWithoutEvents() => Check(ReplyCases.EventWithoutEvents);

        [Test]
        [Requirement("FF-DEV-13")]
        public void EventWithRequestId() => Check(ReplyCases.EventWithRequestId);

        [Test]
        [Requirement("FF-DEV-13")]
        public void EventUnknownCode() => Check(ReplyCases.EventUnknownCode);

        [Test]
        [Requirement("FF-DEV-13")]
        public void EventCodeZero() => Check(ReplyCases.EventCodeZero);

        [Test]
        [Requirement("FF-DEV-13")]
        public void EventReservedNonZero() => Check(ReplyCases.EventReservedNonZero);

        [Test]
        [Requirement("FF-DEV-13")]
        public void EventEntriesContradictCounts() => Check(ReplyCases.EventEntriesContradictCounts);

        [Test]
        [Requirement("FF-DEV-13")]
        public void EventAutoThawed() => Check(ReplyCases.EventAutoThawed);

        [Test]
        [Requirement("FF-DEV-13")]
        public void EventThawedOnRemove() => Check(ReplyCases.EventThawedOnRemove);

        [Test]
        [Requirement("FF-DEV-12")]
        public void UnknownStatus() => Check(ReplyCases.UnknownStatus);

        [Test]
        [Requirement("FF-DEV-12")]
        public void UnknownState() => Check(ReplyCases.UnknownState);

        [Test]
        [Requirement("FF-DEV-12")]
        public void EntryCountAboveMax() => Check(ReplyCases.EntryCountAboveMax);

        [Test]
        [Requirement("FF-DEV-12")]
        public void EntriesBeyondBuffer() => Check(ReplyCases.EntriesBeyondBuffer);

        [Test]
        [Requirement("FF-DEV-12")]
        public void EntryCountHuge() => Check(ReplyCases.EntryCountHuge);

        [Test]
        [Requirement("FF-DEV-12")]
        public void EntriesWithoutSbDetail() => Check(ReplyCases.EntriesWithoutSbDetail);

        [Test]
        [Requirement("FF-DEV-12")]
        public void EntriesAboveCount() => Check(ReplyCases.EntriesAboveCount);

        [Test]
        [Requirement("FF-DEV-12")]
        public void EntriesBelowCountInCompleteList() => Check(ReplyCases.EntriesBelowCountInCompleteList);

        [Test]
        [Requirement("FF-DEV-12")]
        public void NoEntriesWithSbDetail() => Check(ReplyCases.NoEntriesWithSbDetail);

        [Test]
        [Requirement("FF-DEV-12")]
        public void ReservedNonZero() => Check(ReplyCases.ReservedNonZero);

        [Test]
        [Requirement("FF-DEV-12")]
        public void OkFreezeWithFailures() => Check(ReplyCases.OkFreezeWithFailures);

        [Test]
        [Requirement("FF-DEV-12")]
        public void FailedFreezeWithFrozen() => Check(ReplyCases.FailedFreezeWithFrozen);

        [Test]
        [Requirement("FF-DEV-12")]
        public void NoticeLateWithoutAppNotice() => Check(ReplyCases.NoticeLateWithoutAppNotice);

        [Test]
        [Requirement("FF-DEV-12")]
        public void EventFieldInAReply() => Check(ReplyCases.EventFieldInAReply);

        [Test]
        [Requirement("FF-DEV-12")]
        public void UnknownEntryResult() => Check(ReplyCases.UnknownEntryResult);

        [Test]
        [Requirement("FF-DEV-12")]
        public void UnknownEntryFlags() => Check(ReplyCases.UnknownEntryFlags);

        [Test]
        [Requirement("FF-DEV-12")]
        public void ErrnoOnAFrozenEntry() => Check(ReplyCases.ErrnoOnAFrozenEntry);

        [Test]
        [Requirement("FF-DEV-12")]
        public void FailedEntryWithoutErrno() => Check(ReplyCases.FailedEntryWithoutErrno);

        [Test]
        [Requirement("FF-DEV-12")]
        public void FsTypeNotNulPadded() => Check(ReplyCases.FsTypeNotNulPadded);

        [Test]
        [Requirement("FF-DEV-12")]
        public void OkFreezeWithEntries() => Check(ReplyCases.OkFreezeWithEntries);

        [Test]
        [Requirement("FF-DEV-11")]
        public void StatusWhileFreezeAwaits() => Check(ReplyCases.StatusWhileFreezeAwaits);

        [Test]
        [Requirement("FF-DEV-12")]
        public void TruncatedListAtMaxEntries() => Check(ReplyCases.TruncatedListAtMaxEntries);

        [Test]
        [Requirement("FF-DEV-12")]
        public void FailedThawKeepsItsFrozen() => Check(ReplyCases.FailedThawKeepsItsFrozen);

        [Test]
        [Requirement("FF-DEV-12")]
        public void AlreadyFrozenWithHeldCount() => Check(ReplyCases.AlreadyFrozenWithHeldCount);

        [Test]
        [Requirement("FF-DEV-12")]
        public void TrailingBytesIgnored() => Check(ReplyCases.TrailingBytesIgnored);
    }
}
