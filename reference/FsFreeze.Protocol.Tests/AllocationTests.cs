using System;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Protocol.Tests
{
    /// <summary>The common paths allocate nothing: encoding, decoding a request without selectors, validating a reply without entries.</summary>
    public sealed class AllocationTests
    {
        private static long Allocated(Action action)
        {
            action();
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        [Test]
        public void PlainRequests_EncodeAndDecodeWithoutAllocating()
        {
            byte[] buffer = new byte[64];
            FsFreezeRequest freeze = FsFreezeRequest.Freeze(1, 30000);
            long allocated = Allocated(() =>
            {
                int length = freeze.Encode(buffer);
                _ = FsFreezeRequest.TryDecode(buffer.AsSpan(0, length), 0, uint.MaxValue, out _);
            });
            Assert.That(allocated, Is.Zero);
        }

        [Test]
        public void RepliesWithoutEntries_EncodeAndValidateWithoutAllocating()
        {
            byte[] buffer = new byte[64];
            var reply = new FsFreezeReply { Type = ReplyType.Freeze, RequestId = 1, State = GuestFreezeState.Frozen, FrozenCount = 3, RemainingMs = 10 };
            AwaitedRequests awaited = AwaitedRequests.None.WithControl(RequestType.Freeze, 1);
            long allocated = Allocated(() =>
            {
                int length = reply.Encode(buffer);
                _ = ReplyValidation.Validate(buffer.AsSpan(0, length), 0, 0, awaited);
            });
            Assert.That(allocated, Is.Zero);
        }

        [Test]
        public void RepliesWithEntries_AllocateOnlyTheEntryArray()
        {
            var entries = new SuperblockEntry[64];
            for (int i = 0; i < entries.Length; i++)
            {
                entries[i] = new SuperblockEntry { DevMajor = 8, DevMinor = (uint)i, Result = EntryResult.Frozen, FsType = "ext4" };
            }

            byte[] bytes = new FsFreezeReply { Type = ReplyType.Status, RequestId = 2, State = GuestFreezeState.Frozen, FrozenCount = 64, Entries = entries }.ToArray();
            AwaitedRequests awaited = AwaitedRequests.None.WithStatus(2);
            long allocated = Allocated(() => ReplyValidation.Validate(bytes, FsFreezeFeature.KnownMask, 4096, awaited));

            // One array of 64 entries of 32 bytes (4 u32 + 2 u64 fields) plus its header.
            Assert.That(allocated, Is.LessThanOrEqualTo((64 * 32) + 64));
        }
    }
}
