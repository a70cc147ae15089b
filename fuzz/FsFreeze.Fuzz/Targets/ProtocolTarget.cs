using System;
using System.Buffers.Binary;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Fuzz.Targets
{
    /// <summary>
    /// Target 3: the virtio-fsfreeze decoders, each on the side that receives hostile bytes: the driver's
    /// <see cref="FsFreezeRequest.TryDecode"/>, the device's <see cref="ReplyValidation.Validate"/> and
    /// <see cref="FsFreezeConfig.TryDecode"/>. None may throw, and an accepted message must re-encode to the bytes
    /// it came from (trailing bytes past its encoded length are ignored by the spec, so only the prefix counts).
    /// <para>Input: decoder byte, feature byte, awaited byte, u16 max_entries, then the message.</para>
    /// </summary>
    public static class ProtocolTarget
    {
        /// <summary>Decoder byte value (modulo 3): request.</summary>
        public const byte Request = 0;

        /// <summary>Decoder byte value: reply.</summary>
        public const byte Reply = 1;

        /// <summary>Decoder byte value: configuration.</summary>
        public const byte Config = 2;

        /// <summary>Awaited byte value (modulo 5): nothing awaited.</summary>
        public const byte AwaitNone = 0;

        /// <summary>Awaited byte value: a FREEZE with the message's request_id awaits.</summary>
        public const byte AwaitFreeze = 1;

        /// <summary>Awaited byte value: a THAW with the message's request_id awaits.</summary>
        public const byte AwaitThaw = 2;

        /// <summary>Awaited byte value: a STATUS with the message's request_id awaits.</summary>
        public const byte AwaitStatus = 3;

        /// <summary>Awaited byte value: a FREEZE with another request_id awaits.</summary>
        public const byte AwaitOther = 4;

        /// <summary>Bytes before the message.</summary>
        public const int PrefixLength = 5;

        /// <summary>Runs one input; throws when a decoder breaks one of its promises.</summary>
        public static void Run(byte[] data)
        {
            var input = new FuzzInput(data);
            byte decoder = input.ReadByte();
            ulong features = input.ReadByte();
            byte awaitedMode = input.ReadByte();
            ushort maxEntries = input.ReadUInt16();
            ReadOnlySpan<byte> message = input.Rest();
            switch (decoder % 3)
            {
                case Request:
                    CheckRequest(message, features);
                    break;
                case Reply:
                    CheckReply(message, features, maxEntries, awaitedMode);
                    break;
                default:
                    CheckConfig(message);
                    break;
            }
        }

        private static void CheckRequest(ReadOnlySpan<byte> message, ulong features)
        {
            RequestDecodeResult result = FsFreezeRequest.TryDecode(message, features, uint.MaxValue, out FsFreezeRequest request);
            _ = result.Status;
            if (!result.IsValid)
            {
                return;
            }

            FuzzInvariantException.Check(result.EchoRequestId == request.RequestId && result.EchoType == (ushort)request.Type, "echo fields differ from the decoded request");
            CheckPrefix(message, request.ToArray(), "request");
        }

        private static void CheckReply(ReadOnlySpan<byte> message, ulong features, uint maxEntries, byte awaitedMode)
        {
            uint id = message.Length >= 8 ? BinaryPrimitives.ReadUInt32LittleEndian(message.Slice(FsFreezeReply.RequestIdOffset)) : 1;
            AwaitedRequests awaited = (awaitedMode % 5) switch
            {
                AwaitFreeze => AwaitedRequests.None.WithControl(RequestType.Freeze, id),
                AwaitThaw => AwaitedRequests.None.WithControl(RequestType.Thaw, id),
                AwaitStatus => AwaitedRequests.None.WithStatus(id),
                AwaitOther => AwaitedRequests.None.WithControl(RequestType.Freeze, unchecked(id + 1)),
                _ => AwaitedRequests.None,
            };

            ReplyVerdict verdict = ReplyValidation.Validate(message, features, maxEntries, awaited);
            _ = verdict.ToString();
            if (!verdict.IsAccepted)
            {
                return;
            }

            CheckPrefix(message, verdict.Reply.ToArray(), "reply");

            // What the device accepts, the plain decoder reads the same way.
            FuzzInvariantException.Check(FsFreezeReply.TryDecode(message, out FsFreezeReply plain), "an accepted reply does not decode");
            CheckPrefix(message, plain.ToArray(), "decoded reply");
        }

        private static void CheckConfig(ReadOnlySpan<byte> message)
        {
            if (!FsFreezeConfig.TryDecode(message, out FsFreezeConfig config))
            {
                FuzzInvariantException.Check(message.Length < FsFreezeConfig.Size, "a long enough configuration did not decode");
                return;
            }

            _ = config.Validate();
            var encoded = new byte[FsFreezeConfig.Size];
            FuzzInvariantException.Check(config.TryEncode(encoded), "a decoded configuration does not encode");
            CheckPrefix(message, encoded, "configuration");
        }

        private static void CheckPrefix(ReadOnlySpan<byte> message, byte[] encoded, string what)
        {
            FuzzInvariantException.Check(encoded.Length <= message.Length, $"the {what} re-encodes to {encoded.Length} bytes from {message.Length}");
            FuzzInvariantException.Check(message.Slice(0, encoded.Length).SequenceEqual(encoded), $"the accepted {what} does not re-encode to its bytes");
        }
    }
}
