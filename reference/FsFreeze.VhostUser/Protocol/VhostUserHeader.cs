using System;
using System.Buffers.Binary;

namespace FsFreeze.VhostUser.Protocol
{
    /// <summary>
    /// The 12-byte message header (vhost-user.rst "Message Specification"), in the host's byte order, which is
    /// little-endian on every machine this runs on:
    /// <code>
    /// offset 0  u32 request   front-end or back-end message type
    /// offset 4  u32 flags     bits 0-1 version (1), bit 2 REPLY, bit 3 NEED_REPLY
    /// offset 8  u32 size      bytes of payload that follow
    /// </code>
    /// </summary>
    public readonly struct VhostUserHeader : IEquatable<VhostUserHeader>
    {
        /// <summary>Bytes of a header.</summary>
        public const int Size = 12;

        /// <summary>Offset of <c>request</c>.</summary>
        public const int RequestOffset = 0;

        /// <summary>Offset of <c>flags</c>.</summary>
        public const int FlagsOffset = 4;

        /// <summary>Offset of <c>size</c>.</summary>
        public const int SizeOffset = 8;

        /// <summary>The protocol version in flags bits 0-1.</summary>
        public const uint Version = 0x1;

        /// <summary>Mask of the version bits.</summary>
        public const uint VersionMask = 0x3;

        /// <summary>Flags bit 2: this message is a reply.</summary>
        public const uint ReplyFlag = 0x4;

        /// <summary>Flags bit 3: the sender asks for a REPLY_ACK status reply.</summary>
        public const uint NeedReplyFlag = 0x8;

        /// <summary>Creates a header.</summary>
        public VhostUserHeader(uint request, uint flags, uint payloadSize)
        {
            Request = request;
            Flags = flags;
            PayloadSize = payloadSize;
        }

        /// <summary>The message type (a <see cref="VhostUserRequest"/> or a <see cref="VhostUserBackendRequest"/>).</summary>
        public uint Request { get; }

        /// <summary>The flags word.</summary>
        public uint Flags { get; }

        /// <summary>Bytes of payload after the header.</summary>
        public uint PayloadSize { get; }

        /// <summary>The version in the flags; 1 is the only one defined.</summary>
        public uint FlagVersion => Flags & VersionMask;

        /// <summary>True when REPLY is set.</summary>
        public bool IsReply => (Flags & ReplyFlag) != 0;

        /// <summary>True when NEED_REPLY is set.</summary>
        public bool NeedsReply => (Flags & NeedReplyFlag) != 0;

        /// <summary>A request header: version 1, NEED_REPLY when <paramref name="needReply"/>.</summary>
        public static VhostUserHeader ForRequest(uint request, int payloadSize, bool needReply) =>
            new(request, Version | (needReply ? NeedReplyFlag : 0), (uint)payloadSize);

        /// <summary>The reply header to <paramref name="request"/>: same type, version 1 and REPLY (NEED_REPLY cleared).</summary>
        public static VhostUserHeader ReplyTo(VhostUserHeader request, int payloadSize) =>
            new(request.Request, Version | ReplyFlag, (uint)payloadSize);

        /// <summary>Writes the header into the first 12 bytes of <paramref name="destination"/>.</summary>
        public void Encode(Span<byte> destination)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(RequestOffset), Request);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(FlagsOffset), Flags);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(SizeOffset), PayloadSize);
        }

        /// <summary>Reads a header; false when fewer than 12 bytes are given.</summary>
        public static bool TryDecode(ReadOnlySpan<byte> source, out VhostUserHeader header)
        {
            if (source.Length < Size)
            {
                header = default;
                return false;
            }

            header = new VhostUserHeader(
                BinaryPrimitives.ReadUInt32LittleEndian(source.Slice(RequestOffset)),
                BinaryPrimitives.ReadUInt32LittleEndian(source.Slice(FlagsOffset)),
                BinaryPrimitives.ReadUInt32LittleEndian(source.Slice(SizeOffset)));
            return true;
        }

        /// <inheritdoc />
        public bool Equals(VhostUserHeader other) => Request == other.Request && Flags == other.Flags && PayloadSize == other.PayloadSize;

        /// <inheritdoc />
        public override bool Equals(object? obj) => obj is VhostUserHeader other && Equals(other);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(Request, Flags, PayloadSize);

        /// <summary>Equality.</summary>
        public static bool operator ==(VhostUserHeader left, VhostUserHeader right) => left.Equals(right);

        /// <summary>Inequality.</summary>
        public static bool operator !=(VhostUserHeader left, VhostUserHeader right) => !left.Equals(right);

        /// <inheritdoc />
        public override string ToString() => $"request {Request} flags 0x{Flags:x} size {PayloadSize}";
    }
}
