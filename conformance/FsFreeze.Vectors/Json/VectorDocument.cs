using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FsFreeze.Vectors.Json
{
    /// <summary>
    /// Writes one vector file: the common header (<c>schema</c>, <c>description</c>, <c>spec_refs</c>,
    /// <c>count</c>) and the <c>vectors</c> array. The output is byte-for-byte deterministic (two-space indent,
    /// "\n" line endings, a trailing newline) so the checked-in files can be compared with a fresh generation.
    /// </summary>
    internal static class VectorDocument
    {
        /// <summary>Writer options shared by every generator.</summary>
        internal static JsonWriterOptions WriterOptions => new()
        {
            Indented = true,
            IndentCharacter = ' ',
            IndentSize = 2,
            NewLine = "\n",

            // Descriptions are prose ("65535 -> 0", "avail.idx"); the default encoder would escape '>' and '+'.
            // These files are data, never embedded in HTML, so the relaxed encoder is safe and keeps them readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        /// <summary>Writes a whole file and returns its text.</summary>
        internal static string Write<T>(VectorHeader header, IReadOnlyList<T> vectors, Action<Utf8JsonWriter, T> writeVector)
        {
            ArgumentNullException.ThrowIfNull(vectors);
            ArgumentNullException.ThrowIfNull(writeVector);

            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("schema", header.Schema);
                writer.WriteString("description", header.Description);
                writer.WriteStartArray("spec_refs");
                foreach (string reference in header.SpecRefs)
                {
                    writer.WriteStringValue(reference);
                }

                writer.WriteEndArray();
                writer.WriteNumber("count", vectors.Count);
                writer.WriteStartArray("vectors");
                foreach (T vector in vectors)
                {
                    writer.WriteStartObject();
                    writeVector(writer, vector);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
        }
    }
}
