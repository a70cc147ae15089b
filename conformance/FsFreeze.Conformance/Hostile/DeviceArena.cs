using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Adapters.VhostUser;
using FsFreeze.Conformance.Device;
using FsFreeze.Conformance.Host;
using FsFreeze.Device.Host;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Systems;
using FsFreeze.Virtio.Common;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// Runs one <see cref="GuestScenario"/>: a hostile driver (the suite's <see cref="GuestBench"/>, honest about the
    /// rings, malicious about the messages) against the device under test and the host API on a virtual clock, and
    /// checks after every step:
    /// <list type="bullet">
    /// <item>no exception escapes the device or the host (FF-DEV-14);</item>
    /// <item>no write outside guest memory (guard bands, FF-DEV-14);</item>
    /// <item>DEVICE_NEEDS_RESET right after a replyq chain with a device-writable buffer (FF-DEV-9) and never
    /// otherwise (FF-DEV-15), and while it is set the host hears NO_DRIVER (FF-DEV-6);</item>
    /// <item>every replyq chain made available is used once read (FF-DEV-10, FF-RING-14): no descriptor leaks;</item>
    /// <item>a host operation completes only with a reply echoing its id and type (FF-DEV-11), and at the end every
    /// one completed within its own timeout and no timer keeps re-arming (FF-HOST-2).</item>
    /// </list>
    /// </summary>
    public sealed class DeviceArena
    {
        private readonly GuestScenario scenario;
        // Guard bands only make sense for a device in this process: one in another process (vhost-user) maps a
        // memfd of exactly the guest memory and cannot reach beyond it, so it gets the implementation's own memory.
        private readonly GuardedGuestMemory? memory;
        private readonly List<(HostOperation Operation, TimeSpan Timeout, string Step)> operations = new();
        private readonly List<uint> answered = new();
        private readonly GuestBench bench;
        private bool writableSent;
        private bool inNeedsReset;
        private string where = "start";

        private DeviceArena(IDeviceImplementation implementation, GuestScenario scenario)
        {
            this.scenario = scenario;
            memory = implementation is IVhostUserBackend ? null : new GuardedGuestMemory(GuestBench.MemoryBase, GuestBench.MemorySize);
            bench = new GuestBench(implementation, memory: memory?.Memory).Start(scenario.Features, requestBuffers: 4);
        }

        /// <summary>The invariants' verdict.</summary>
        public InvariantLog Log { get; } = new();

        /// <summary>DEVICE_NEEDS_RESET episodes seen.</summary>
        public int NeedsResets { get; private set; }

        /// <summary>True when some host operation completed with a reply (accepted or a protocol error).</summary>
        public bool HostCompleted => operations.Exists(static o => o.Operation.IsCompleted && o.Operation.Result.Kind is HostResultKind.Completed or HostResultKind.ProtocolError);

        /// <summary>replyq messages the device read.</summary>
        public long ChainsConsumed => bench.Endpoint.Counters.ChainsConsumed;

        /// <summary>Runs <paramref name="scenario"/> against <paramref name="implementation"/>.</summary>
        public static DeviceArena Run(IDeviceImplementation implementation, GuestScenario scenario)
        {
            ArgumentNullException.ThrowIfNull(scenario);
            var arena = new DeviceArena(implementation, scenario);
            arena.Execute();
            return arena;
        }

        private bool Live => (bench.Status & (DeviceStatus.DriverOk | DeviceStatus.DeviceNeedsReset | DeviceStatus.Failed)) == DeviceStatus.DriverOk;

        private void Execute()
        {
            try
            {
                for (int i = 0; i < scenario.Steps.Length && Log.Holds; i++)
                {
                    where = $"step {i} ({scenario.Steps[i]}) at {bench.Clock.Now.TotalMilliseconds}ms";
                    Apply(scenario.Steps[i]);
                    Observe();
                }

                if (Log.Holds)
                {
                    where = "end";
                    End();
                }
            }
            catch (Exception escaped) when (escaped is not OperationCanceledException)
            {
                Log.Fail("FF-DEV-14", where, $"exception escaped: {escaped}");
            }
        }

        private void Apply(GuestStep step)
        {
            switch (step)
            {
                case GuestAdvance advance:
                    bench.Clock.Advance(TimeSpan.FromMilliseconds(advance.Ms));
                    break;
                case GuestHostRequest request:
                    HostRequest(request);
                    break;
                case GuestAnswer answer when Live:
                    foreach ((FsFreezeRequest taken, RequestDecodeResult _, uint _) in bench.TakeRequests())
                    {
                        Answer(taken, answer.Form, answer.Bytes, answer.Value);
                    }

                    break;
                case GuestUnasked unasked when Live:
                    Unasked(unasked.Form, unasked.Bytes, unasked.Value);
                    break;
                case GuestFlood flood when Live:
                    for (int i = 0; i < flood.Count && Live; i++)
                    {
                        Unasked(flood.Form, BitConverter.GetBytes(flood.Value + (uint)i), flood.Value + (uint)i);
                    }

                    break;
                case GuestSplitReply split when Live && bench.ReplyQueue.FreeCount >= split.Lengths.Length:
                    FsFreezeRequest? pending = bench.TakeRequests().Select(static t => (FsFreezeRequest?)t.Request).FirstOrDefault();
                    byte[] reply = pending is { } p ? ScriptedGuest.Cooperating(p)! : new byte[48];
                    bench.SendReplyChain(split.Lengths, [], reply);
                    break;
                case GuestWritableReply when Live && bench.ReplyQueue.FreeCount >= 2:
                    bench.SendReplyChain([16], [48]);
                    writableSent = true;
                    Log.Require((bench.Status & DeviceStatus.DeviceNeedsReset) != 0, "FF-DEV-9 FF-INIT-7", where, $"a writable replyq chain left the device at {bench.Status}");
                    break;
                case GuestReset:
                    // The old bench's host keeps its pending operations; the device drops them on the reset (FF-HOST-1: NO_DRIVER).
                    bench.Registers.Write(Virtio.Mmio.MmioRegister.Status, 4, 0);
                    writableSent = false;
                    inNeedsReset = false;
                    bench.Start(scenario.Features, requestBuffers: 4);
                    break;
            }
        }

        private void HostRequest(GuestHostRequest request)
        {
            bool live = Live;
            (HostOperation operation, TimeSpan timeout) = request.Kind switch
            {
                0 => (bench.Host.Freeze(request.DeadlineMs), TimeSpan.FromMilliseconds(request.DeadlineMs)),
                1 => (bench.Host.Thaw(), bench.Host.Options.ReplyTimeout),
                _ => (bench.Host.Status(), bench.Host.Options.ReplyTimeout),
            };
            operations.Add((operation, timeout, where));
            if (!live)
            {
                // FF-DEV-6: after DEVICE_NEEDS_RESET no request is sent; the host hears NO_DRIVER at once.
                Log.Require(operation.IsCompleted && operation.Result.Kind == HostResultKind.NoDriver, "FF-DEV-6 FF-HOST-1", where, $"with the device at {bench.Status} the host got {operation}");
            }
        }

        private void Answer(FsFreezeRequest request, ReplyForm form, byte[] bytes, uint value)
        {
            answered.Add(request.RequestId);
            byte[] valid = ScriptedGuest.Cooperating(request)!;
            switch (form)
            {
                case ReplyForm.Silent:
                    return;
                case ReplyForm.WrongType:
                    BinaryPrimitives.WriteUInt16LittleEndian(valid, (ushort)(((int)request.Type % 3) + 1));
                    break;
                case ReplyForm.RandomStatus:
                    BinaryPrimitives.WriteUInt16LittleEndian(valid.AsSpan(2), (ushort)(value % 9));
                    BinaryPrimitives.WriteUInt32LittleEndian(valid.AsSpan(8), (value >> 4) % 6);
                    break;
                case ReplyForm.Truncated:
                    valid = valid.AsSpan(0, (int)(value % 48)).ToArray();
                    break;
                case ReplyForm.Twice:
                    Send(valid);
                    break;
                case ReplyForm.RandomBytes:
                    valid = bytes;
                    break;
                case ReplyForm.RandomBody:
                    byte[] body = new byte[Math.Max(48, bytes.Length)];
                    bytes.CopyTo(body, 0);
                    valid.AsSpan(0, 8).CopyTo(body);
                    BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), 0);
                    valid = body;
                    break;
                default:
                    break;
            }

            Send(valid);
        }

        private void Unasked(ReplyForm form, byte[] bytes, uint value)
        {
            uint last = answered.Count == 0 ? 0 : answered.Max();
            var header = new FsFreezeReply { Type = (ReplyType)((value % 3) + 1), Status = ReplyStatus.Ok, State = GuestFreezeState.Thawed };
            byte[] message = form switch
            {
                ReplyForm.FutureId => (header with { RequestId = last + 1 + (value % 4) }).ToArray(),
                ReplyForm.OldId when last > 0 => (header with { RequestId = 1 + (value % last) }).ToArray(),
                ReplyForm.Event => (header with { Type = ReplyType.Event, Event = (EventCode)(value % 4) }).ToArray(),
                _ => bytes,
            };
            Send(message);
        }

        private void Send(byte[] message)
        {
            if (Live && bench.ReplyQueue.FreeCount > 0)
            {
                bench.SendReply(message);
            }
        }

        private void Observe()
        {
            Log.Require(memory?.IsIntact ?? true, "FF-DEV-14", where, "a guard band around guest memory changed");
            if ((bench.Status & DeviceStatus.DeviceNeedsReset) != 0)
            {
                if (!inNeedsReset)
                {
                    inNeedsReset = true;
                    NeedsResets++;
                    Log.Require(writableSent, "FF-DEV-15 FF-DEV-11 FF-DEV-12", where, "DEVICE_NEEDS_RESET without a malformed replyq chain: the device gave up on a message's content");
                }

                return;
            }

            if (!Live)
            {
                return;
            }

            // FF-DEV-10, FF-RING-14: every replyq chain made available was used once read; the device holds none.
            bench.ReclaimReplies();
            Log.Require(bench.ReplyQueue.InFlightCount == 0, "FF-DEV-10 FF-RING-14", where, $"{bench.ReplyQueue.InFlightCount} replyq chains never used");

            // FF-DEV-11: an operation completes only with a reply that echoes it.
            foreach ((HostOperation operation, TimeSpan _, string step) in operations)
            {
                if (operation.IsCompleted && operation.Result.Kind is HostResultKind.Completed or HostResultKind.ProtocolError)
                {
                    Log.Require(operation.Result.Reply.RequestId == operation.RequestId && (ushort)operation.Result.Reply.Type == (ushort)operation.Type, "FF-DEV-11", step, $"{operation} completed by a reply to {operation.Result.Reply.Type} {operation.Result.Reply.RequestId}");
                }
            }
        }

        private void End()
        {
            // Long enough for every deadline and timeout, and for the host's THAW retries (FF-HOST-2, FF-HOST-3).
            TimeSpan longest = operations.Select(static o => o.Timeout).DefaultIfEmpty(TimeSpan.Zero).Max();
            TimeSpan retries = bench.Host.Options.CleanupThawRetryDelay * (bench.Host.Options.CleanupThawAttempts + 1);
            bench.Clock.Advance(longest + retries + bench.Host.Options.ReplyTimeout + bench.Host.Options.ReplyTimeout);
            Observe();
            foreach ((HostOperation operation, TimeSpan timeout, string step) in operations)
            {
                Log.Require(operation.IsCompleted, "FF-HOST-2", step, $"{operation} never completed");
                if (operation.IsCompleted)
                {
                    Log.Require(operation.CompletedAt - operation.StartedAt <= timeout, "FF-HOST-2", step, $"{operation} took {(operation.CompletedAt - operation.StartedAt).TotalMilliseconds}ms, timeout {timeout.TotalMilliseconds}ms");
                }
            }

            Log.Require(bench.Clock.PendingTimers == 0, "FF-HOST-2", where, $"{bench.Clock.PendingTimers} host timers still pending long after every timeout");
        }
    }
}
