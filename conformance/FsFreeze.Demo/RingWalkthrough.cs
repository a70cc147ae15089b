using System;
using System.Globalization;
using System.Linq;
using System.Text;
using FsFreeze.Device.Host;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Systems;

namespace FsFreeze.Demo
{
    /// <summary>
    /// One FREEZE exchange, end to end, as the rings carry it: the host's request lands in a buffer the driver
    /// posted on requestq, the driver's reply goes out on replyq. Everything is read from guest memory.
    /// </summary>
    internal static class RingWalkthrough
    {
        public static string Render(ulong seed)
        {
            FsFreezeSystem vm = new(new SystemOptions { Seed = seed, Filesystems = [FilesystemTypes.Ext4, FilesystemTypes.Xfs, FilesystemTypes.Vfat] });
            var requestq = new SplitRingView(vm.Memory, vm.Registers.Queues[FsFreezeDevice.RequestQueueIndex]);
            var replyq = new SplitRingView(vm.Memory, vm.Registers.Queues[FsFreezeDevice.ReplyQueueIndex]);
            var text = new StringBuilder();
            text.AppendLine(Line($"## One freeze exchange as ring traffic (seed {seed})"));
            text.AppendLine();
            text.AppendLine(Line($"Guest: {string.Join(", ", vm.Filesystems.Select(static f => $"{f.Type.Name} on {f.Device.Name} at {f.MountPath}"))}; features negotiated 0x{vm.Driver.NegotiatedFeatures:x}."));
            text.AppendLine();
            text.AppendLine("```");
            ushort reqUsed = requestq.UsedIndex;
            ushort repAvail = replyq.AvailIndex;
            ushort repUsed = replyq.UsedIndex;
            text.AppendLine(Line($"[t={Ms(vm)}] requestq: size {requestq.Layout.Size}, desc 0x{requestq.Layout.Descriptors:x}, avail.idx {requestq.AvailIndex}, used.idx {reqUsed}; the driver keeps request buffers posted (FF-DRV-2):"));
            for (ushort p = 0; p < requestq.AvailIndex; p++)
            {
                text.AppendLine("    avail[" + p.ToString(CultureInfo.InvariantCulture) + "] -> " + requestq.Descriptor(requestq.AvailEntry(p)));
            }

            text.AppendLine(Line($"[t={Ms(vm)}] replyq: size {replyq.Layout.Size}, desc 0x{replyq.Layout.Descriptors:x}, avail.idx {repAvail}, used.idx {repUsed}"));
            text.AppendLine();

            int traceFrom = vm.Scheduler.Trace.Count;
            HostOperation freeze = vm.Host.Freeze(30_000);
            text.AppendLine(Line($"[t={Ms(vm)}] host: FREEZE request_id {freeze.RequestId}, deadline 30000 ms -> the device fills a posted buffer and completes it on requestq"));
            vm.Scheduler.RunUntil(() => freeze.IsCompleted);

            for (ushort p = reqUsed; p != requestq.UsedIndex; p++)
            {
                (uint id, uint length) = requestq.UsedEntry(p);
                RingDescriptor d = requestq.Descriptor(id);
                byte[] bytes = requestq.Bytes(d.Address, length);
                text.AppendLine(Line($"  requestq used[{p}] = {{id {id}, len {length}}}  {d}"));
                text.AppendLine("    bytes: " + Convert.ToHexString(bytes));
                RequestDecodeResult decode = FsFreezeRequest.TryDecode(bytes, vm.Driver.NegotiatedFeatures, vm.Driver.Configuration.MaxDeadlineMs, out FsFreezeRequest request);
                text.AppendLine(Line($"    decoded: {(decode.IsValid ? $"type {request.Type}, flags 0x{request.Flags:x}, request_id {request.RequestId}, deadline_ms {request.DeadlineMs}, notice_ms {request.NoticeMs}, selectors {request.Selectors.Count}" : decode.ToString())}"));
            }

            text.AppendLine();
            text.AppendLine("  guest (driver and VFS trace while it freezes, newest superblock first, FF-DRV-15):");
            foreach (string line in vm.Scheduler.Trace.Skip(traceFrom).Where(static l => l.Contains("fsfreeze:", StringComparison.Ordinal) || l.Contains("freeze_fs", StringComparison.Ordinal) || l.Contains(": frozen", StringComparison.Ordinal) || l.Contains("sync_fs", StringComparison.Ordinal)).Take(24))
            {
                text.AppendLine("    " + line);
            }

            text.AppendLine();
            for (ushort p = repAvail; p != replyq.AvailIndex; p++)
            {
                ushort head = replyq.AvailEntry(p);
                foreach (RingDescriptor d in replyq.Chain(head))
                {
                    byte[] bytes = replyq.Bytes(d.Address, d.Length);
                    text.AppendLine(Line($"  replyq avail[{p}] -> {d}"));
                    text.AppendLine("    bytes: " + Convert.ToHexString(bytes));
                    if (FsFreezeReply.TryDecode(bytes, out FsFreezeReply reply))
                    {
                        text.AppendLine(Line($"    decoded: type {reply.Type}, status {reply.Status}, request_id {reply.RequestId}, state {reply.State}, frozen {reply.FrozenCount}, thawed {reply.ThawedCount}, skipped {reply.SkippedCount}, failed {reply.FailedCount}, remaining_ms {reply.RemainingMs}, event {reply.Event}, entries {reply.EntryCount}"));
                        foreach (SuperblockEntry entry in reply.Entries)
                        {
                            text.AppendLine(Line($"      entry: dev {entry.DevMajor}:{entry.DevMinor} {entry.FsType} {entry.Result} flags {entry.Flags} error {entry.Error}"));
                        }
                    }
                }
            }

            for (ushort p = repUsed; p != replyq.UsedIndex; p++)
            {
                (uint id, uint length) = replyq.UsedEntry(p);
                text.AppendLine(Line($"  replyq used[{p}] = {{id {id}, len {length}}}: the device consumed the reply"));
            }

            HostResult result = freeze.Result;
            text.AppendLine(Line($"[t={Ms(vm)}] host: {result} (frozen {result.Reply.FrozenCount}, remaining_ms {result.Reply.RemainingMs})"));
            HostOperation thaw = vm.Host.Thaw();
            vm.Scheduler.RunUntil(() => thaw.IsCompleted);
            text.AppendLine(Line($"[t={Ms(vm)}] host: THAW request_id {thaw.RequestId} -> {thaw.Result} (thawed {thaw.Result.Reply.ThawedCount})"));
            text.AppendLine("```");
            return text.ToString();
        }

        private static string Ms(FsFreezeSystem vm) => vm.Scheduler.Clock.Now.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";

        private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
