using System;
using System.Buffers.Binary;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Conformance.Protocol.Cases
{
    /// <summary>
    /// One request the device might write, with the features negotiated, and what the driver must answer
    /// (FF-DRV-11, FF-DRV-12). The codec tests decode <see cref="Bytes"/> directly; a driver adapter test can post
    /// the same bytes on requestq and check the reply's status and echo (FF-DRV-8).
    /// </summary>
    public sealed record RequestCase(string Name, string Requirement, ulong Features, byte[] Bytes, ReplyStatus ExpectedStatus, RequestProblem ExpectedProblem)
    {
        /// <summary>The <c>type</c> the reply must echo (0 when the bytes are too short to hold it).</summary>
        public ushort ExpectedEchoType => Bytes.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(Bytes) : (ushort)0;

        /// <summary>The <c>request_id</c> the reply must echo (0 when the bytes are too short to hold it).</summary>
        public uint ExpectedEchoRequestId => Bytes.Length >= 8 ? BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan(4)) : 0;

        /// <inheritdoc/>
        public override string ToString() => Name;
    }
}
