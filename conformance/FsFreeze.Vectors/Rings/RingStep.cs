using System;
using System.Collections.Generic;
using System.Text.Json;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Vectors.Rings
{
    /// <summary>
    /// One step of a ring-state scenario: an operation (<see cref="RingOp"/>) and its arguments. Only the
    /// arguments an operation uses are written to JSON.
    /// </summary>
    internal sealed record RingStep(string Op)
    {
        /// <summary>driver_add: device-readable buffers, in chain order.</summary>
        internal IReadOnlyList<BufferSpec> Readable { get; init; } = Array.Empty<BufferSpec>();

        /// <summary>driver_add: device-writable buffers, in chain order after the readable ones.</summary>
        internal IReadOnlyList<BufferSpec> Writable { get; init; } = Array.Empty<BufferSpec>();

        /// <summary>driver_add: put the buffers in an indirect table.</summary>
        internal bool Indirect { get; init; }

        /// <summary>driver_add: the caller's token, handed back by driver_reclaim.</summary>
        internal ulong Token { get; init; }

        /// <summary>device_push: the chain id (head index for split, Buffer ID for packed).</summary>
        internal ushort Id { get; init; }

        /// <summary>device_push: bytes written into the chain's writable buffers.</summary>
        internal uint Length { get; init; }

        /// <summary>A driver_add step.</summary>
        internal static RingStep DriverAdd(BufferSpec[] readable, BufferSpec[] writable, ulong token, bool indirect = false) =>
            new(RingOp.DriverAdd) { Readable = readable, Writable = writable, Token = token, Indirect = indirect };

        /// <summary>A device_push step.</summary>
        internal static RingStep DevicePush(ushort id, uint length) => new(RingOp.DevicePush) { Id = id, Length = length };

        /// <summary>Writes the <c>op</c> field and the arguments of this operation.</summary>
        internal void WriteArguments(Utf8JsonWriter writer)
        {
            writer.WriteString("op", Op);
            switch (Op)
            {
                case RingOp.DriverAdd:
                    WriteBuffers(writer, "readable", Readable);
                    WriteBuffers(writer, "writable", Writable);
                    writer.WriteBoolean("indirect", Indirect);
                    writer.WriteNumber("token", Token);
                    break;
                case RingOp.DevicePush:
                    writer.WriteNumber("id", Id);
                    writer.WriteNumber("len", Length);
                    break;
            }
        }

        /// <summary>Reads a step back from a vector file, the inverse of <see cref="WriteArguments"/>.</summary>
        internal static RingStep Parse(JsonElement element)
        {
            string op = element.GetProperty("op").GetString() ?? throw new FormatException("step without op");
            return op switch
            {
                RingOp.DriverAdd => new RingStep(op)
                {
                    Readable = ParseBuffers(element.GetProperty("readable")),
                    Writable = ParseBuffers(element.GetProperty("writable")),
                    Indirect = element.GetProperty("indirect").GetBoolean(),
                    Token = element.GetProperty("token").GetUInt64(),
                },
                RingOp.DevicePush => new RingStep(op)
                {
                    Id = element.GetProperty("id").GetUInt16(),
                    Length = element.GetProperty("len").GetUInt32(),
                },
                _ => new RingStep(op),
            };
        }

        private static void WriteBuffers(Utf8JsonWriter writer, string name, IReadOnlyList<BufferSpec> buffers)
        {
            // [addr, len] pairs: compact, and the same shape device_pop reports.
            writer.WriteStartArray(name);
            foreach (BufferSpec buffer in buffers)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(buffer.Address);
                writer.WriteNumberValue(buffer.Length);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        private static BufferSpec[] ParseBuffers(JsonElement array)
        {
            var buffers = new List<BufferSpec>();
            foreach (JsonElement pair in array.EnumerateArray())
            {
                buffers.Add(new BufferSpec(pair[0].GetUInt64(), pair[1].GetUInt32()));
            }

            return buffers.ToArray();
        }
    }
}
