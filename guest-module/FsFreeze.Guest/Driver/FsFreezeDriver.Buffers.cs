using System;
using System.Collections.Generic;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Guest.Driver
{
    /// <content>The request buffers kept posted on requestq and the reply pool on replyq (FF-DRV-2, FF-DRV-3).</content>
    public sealed partial class FsFreezeDriver
    {
        private readonly Queue<FsFreezeReply> pendingMessages = new();
        private IDriverQueue? requestq;
        private IDriverQueue? replyq;
        private BufferSpec[] requestBuffers = Array.Empty<BufferSpec>();
        private bool[] requestPosted = Array.Empty<bool>();
        private BufferSpec[] replyBuffers = Array.Empty<BufferSpec>();
        private bool[] replyInUse = Array.Empty<bool>();

        /// <summary>
        /// Request buffers the device consumed with a completion the driver refused and could not trace back to a
        /// buffer (a forged id, FF-DRV-13): still in flight on the driver's side, gone from the device's.
        /// </summary>
        private int lostRequestBuffers;

        /// <summary>Entries a reply may carry: max_entries with SB_DETAIL, none without (FF-DRV-5, FF-DRV-26).</summary>
        private int MaxEntries => Negotiated(FsFreezeFeature.SbDetail) ? (int)Configuration.MaxEntries : 0;

        /// <summary>
        /// Request buffers of request_size bytes (FF-DRV-6) and reply buffers big enough for max_entries entries.
        /// Kept across a reset when the sizes still fit, so reinitialising does not leak guest memory.
        /// </summary>
        private bool AllocateBuffers()
        {
            int requestCount = Math.Max(2, options.RequestBuffers);
            uint requestSize = Configuration.RequestSize;

            // More than requestCount after replacements of lost buffers (at most the queue size): all kept and reused.
            if (requestBuffers.Length < requestCount || requestBuffers[0].Length < requestSize)
            {
                requestBuffers = new BufferSpec[requestCount];
                for (int i = 0; i < requestCount; i++)
                {
                    if (!allocator.TryAllocate(requestSize, 8, out ulong address))
                    {
                        requestBuffers = Array.Empty<BufferSpec>();
                        return false;
                    }

                    requestBuffers[i] = new BufferSpec(address, requestSize);
                }
            }

            int replyCount = Math.Max(1, options.ReplyBuffers);
            uint replySize = (uint)(FsFreezeReply.HeaderSize + (SuperblockEntry.Size * MaxEntries));
            if (replyBuffers.Length != replyCount || replyBuffers[0].Length < replySize)
            {
                replyBuffers = new BufferSpec[replyCount];
                for (int i = 0; i < replyCount; i++)
                {
                    if (!allocator.TryAllocate(replySize, 8, out ulong address))
                    {
                        replyBuffers = Array.Empty<BufferSpec>();
                        return false;
                    }

                    replyBuffers[i] = new BufferSpec(address, replySize);
                }
            }

            requestPosted = new bool[requestBuffers.Length];
            replyInUse = new bool[replyBuffers.Length];
            return true;
        }

        /// <summary>Posts every request buffer not in flight, device-writable only (FF-DRV-3).</summary>
        private void PostRequestBuffers()
        {
            if (requestq is null)
            {
                return;
            }

            for (int i = 0; i < requestBuffers.Length; i++)
            {
                if (requestPosted[i])
                {
                    continue;
                }

                ReadOnlySpan<BufferSpec> writable = new[] { requestBuffers[i] };
                if (requestq.TryAdd(ReadOnlySpan<BufferSpec>.Empty, writable, (ulong)i, useIndirect: false, out _) == QueueError.None)
                {
                    requestPosted[i] = true;
                }
            }
        }

        /// <summary>
        /// FF-DRV-13 / FF-DRV-2: a refused completion whose buffer cannot be identified leaves that buffer in flight on
        /// the driver's side although the device no longer holds it. Replace each such buffer with a new one, so the
        /// device keeps as many posted buffers as before; the total stays within the queue size, so a hostile device
        /// cannot make the driver allocate without bound. When the queue has no descriptor left for a replacement,
        /// only a reset gets the lost descriptors back: reset and reinitialise (which thaws first, FF-DRV-28).
        /// </summary>
        private void ReplaceLostRequestBuffers()
        {
            if (requestq is null || lostRequestBuffers == 0)
            {
                return;
            }

            while (lostRequestBuffers > 0 && requestq.FreeCount > 0 && requestBuffers.Length < requestq.Size
                && allocator.TryAllocate(Configuration.RequestSize, 8, out ulong address))
            {
                Array.Resize(ref requestBuffers, requestBuffers.Length + 1);
                Array.Resize(ref requestPosted, requestBuffers.Length);
                requestBuffers[^1] = new BufferSpec(address, Configuration.RequestSize);
                lostRequestBuffers--;
                Log($"request buffer {requestBuffers.Length - 1} replaces one lost to a refused completion");
            }

            if (lostRequestBuffers > 0)
            {
                Log($"{lostRequestBuffers} request buffers lost and none can be replaced: resetting the device");
                ScheduleReset();
            }
        }

        private void NotifyRequestQueue()
        {
            if (requestq is not null && requestq.NeedsNotification())
            {
                Write(Virtio.Mmio.MmioRegister.QueueNotify, (uint)FsFreezeDevice.RequestQueueIndex);
            }
        }

        /// <summary>
        /// Queues a reply or event and sends what the pool allows. A message never gets lost for want of a buffer: it
        /// waits in memory until the device uses one (FF-DRV-8).
        /// </summary>
        private void Send(FsFreezeReply message)
        {
            pendingMessages.Enqueue(message);
            FlushMessages();
        }

        private void FlushMessages()
        {
            if (replyq is null)
            {
                return;
            }

            ReclaimReplies();
            bool added = false;
            while (pendingMessages.Count > 0)
            {
                int slot = Array.IndexOf(replyInUse, false);
                if (slot < 0 || replyq.FreeCount == 0)
                {
                    break;
                }

                FsFreezeReply message = pendingMessages.Peek();
                BufferSpec buffer = replyBuffers[slot];
                if (!memory.TryGetSpan(buffer.Address, (int)buffer.Length, out Span<byte> span) || !message.TryEncode(span, out int length))
                {
                    // Cannot happen with buffers sized for max_entries; drop rather than loop forever.
                    pendingMessages.Dequeue();
                    Log($"reply {message.Type} {message.RequestId} does not fit; dropped");
                    continue;
                }

                // FF-DRV-3: reply buffers are device-readable only.
                ReadOnlySpan<BufferSpec> readable = new[] { new BufferSpec(buffer.Address, (uint)length) };
                if (replyq.TryAdd(readable, ReadOnlySpan<BufferSpec>.Empty, (ulong)slot, useIndirect: false, out _) != QueueError.None)
                {
                    break;
                }

                pendingMessages.Dequeue();
                replyInUse[slot] = true;
                MessagesSent++;
                added = true;
                Log($"sent {message.Type} status {message.Status} id {message.RequestId} state {message.State} frozen {message.FrozenCount} thawed {message.ThawedCount} skipped {message.SkippedCount} failed {message.FailedCount} entries {message.EntryCount}");
            }

            if (added && replyq.NeedsNotification())
            {
                Write(Virtio.Mmio.MmioRegister.QueueNotify, (uint)FsFreezeDevice.ReplyQueueIndex);
            }
        }

        /// <summary>Takes back reply buffers the device used; a bogus completion is refused and changes nothing.</summary>
        private void ReclaimReplies()
        {
            if (replyq is null)
            {
                return;
            }

            while (true)
            {
                bool ok = replyq.TryReclaim(out UsedBuffer used, out QueueError error);
                if (!ok && error == QueueError.None)
                {
                    return;
                }

                if (used.Token < (ulong)replyInUse.Length && (ok || error == QueueError.UsedLengthTooLarge))
                {
                    replyInUse[(int)used.Token] = false;
                }

                if (!ok)
                {
                    Log($"replyq completion refused: {error}");
                    if (error == QueueError.UsedIndexJump)
                    {
                        return;
                    }
                }
            }
        }

        /// <summary>Forgets the queues (after a reset or a failed probe): no buffer is in flight any more.</summary>
        private void DropQueues()
        {
            requestq = null;
            replyq = null;
            pendingMessages.Clear();
            lostRequestBuffers = 0;
            Array.Clear(requestPosted);
            Array.Clear(replyInUse);
        }
    }
}
