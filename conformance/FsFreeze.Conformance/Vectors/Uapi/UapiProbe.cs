using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;

namespace FsFreeze.Conformance.Vectors.Uapi
{
    /// <summary>
    /// Builds, compiles (gcc) and runs a small C program against the local Linux uapi headers
    /// (&lt;linux/virtio_ring.h&gt;, &lt;linux/virtio_mmio.h&gt;, &lt;linux/virtio_config.h&gt;) and returns what it printed.
    /// The vectors are compiled into the source, so the program needs no input.
    /// </summary>
    internal static class UapiProbe
    {
        /// <summary>The headers the probe includes.</summary>
        internal static readonly string[] Headers =
        {
            "/usr/include/linux/virtio_ring.h",
            "/usr/include/linux/virtio_mmio.h",
            "/usr/include/linux/virtio_config.h",
        };

        /// <summary>Struct fields whose offsets the probe prints, as "struct.field".</summary>
        internal static readonly string[] Fields =
        {
            "vring_desc.addr", "vring_desc.len", "vring_desc.flags", "vring_desc.next",
            "vring_avail.flags", "vring_avail.idx", "vring_avail.ring",
            "vring_used_elem.id", "vring_used_elem.len",
            "vring_used.flags", "vring_used.idx", "vring_used.ring",
            "vring_packed_desc.addr", "vring_packed_desc.len", "vring_packed_desc.id", "vring_packed_desc.flags",
            "vring_packed_desc_event.off_wrap", "vring_packed_desc_event.flags",
        };

        /// <summary>Structs whose sizes the probe prints.</summary>
        internal static readonly string[] Structs =
        {
            "vring_desc", "vring_avail", "vring_used_elem", "vring_used", "vring_packed_desc", "vring_packed_desc_event",
        };

        /// <summary>Why the probe cannot run here, or null when gcc and the headers are present.</summary>
        internal static string? Unavailable()
        {
            if (!OperatingSystem.IsLinux())
            {
                return "the uapi cross-check needs Linux headers";
            }

            foreach (string header in Headers)
            {
                if (!File.Exists(header))
                {
                    return $"{header} is not installed (install linux-libc-dev)";
                }
            }

            return FindGcc() is null ? "gcc is not on PATH" : null;
        }

        /// <summary>Writes the C source, compiles it in a fresh temporary directory, runs it and returns stdout.</summary>
        /// <exception cref="InvalidOperationException">Compilation or the run failed.</exception>
        internal static string Run(IReadOnlyList<(int Size, int Align)> layouts, IReadOnlyList<(ushort Event, ushort New, ushort Old)> events, IReadOnlyList<string> macros)
        {
            string gcc = FindGcc() ?? throw new InvalidOperationException("gcc is not on PATH");
            DirectoryInfo directory = Directory.CreateTempSubdirectory("fsfreeze-uapi-");
            try
            {
                string source = Path.Combine(directory.FullName, "probe.c");
                string binary = Path.Combine(directory.FullName, "probe");
                File.WriteAllText(source, Source(layouts, events, macros));
                Execute(gcc, new[] { "-std=gnu11", "-O0", "-Wall", "-Werror", "-o", binary, source }, "gcc");
                return Execute(binary, Array.Empty<string>(), "probe");
            }
            finally
            {
                directory.Delete(recursive: true);
            }
        }

        /// <summary>The probe's C source.</summary>
        internal static string Source(IReadOnlyList<(int Size, int Align)> layouts, IReadOnlyList<(ushort Event, ushort New, ushort Old)> events, IReadOnlyList<string> macros)
        {
            var c = new StringBuilder();
            c.Append("""
                #include <stddef.h>
                #include <stdio.h>
                #include <linux/virtio_ring.h>
                #include <linux/virtio_mmio.h>
                #include <linux/virtio_config.h>

                /* Room for the largest legacy ring (32768 entries, align 4096: about 836 KiB). */
                static unsigned char ring[1u << 21] __attribute__((aligned(4096)));

                #define AT(p) ((long long)((unsigned char *)(p) - ring))

                """);
            c.Append("static const unsigned layouts[][2] = {\n");
            foreach ((int size, int align) in layouts)
            {
                c.Append(CultureInfo.InvariantCulture, $"  {{{size}u, {align}u}},\n");
            }

            c.Append("};\n\nstatic const unsigned short events[][3] = {\n");
            foreach ((ushort ev, ushort next, ushort old) in events)
            {
                c.Append(CultureInfo.InvariantCulture, $"  {{{ev}, {next}, {old}}},\n");
            }

            c.Append("""
                };

                int main(void)
                {
                  for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
                    struct vring vr;
                    unsigned n = layouts[i][0], a = layouts[i][1];
                    vring_init(&vr, n, ring, a);
                    printf("layout %u %u %lld %lld %lld %lld %lld %llu\n", n, a, AT(vr.desc), AT(vr.avail), AT(vr.used),
                           AT(&vring_used_event(&vr)), AT(&vring_avail_event(&vr)), (unsigned long long)vring_size(n, a));
                  }
                  for (size_t i = 0; i < sizeof events / sizeof events[0]; i++) {
                    printf("need %u %u %u %d\n", events[i][0], events[i][1], events[i][2],
                           vring_need_event(events[i][0], events[i][1], events[i][2]) ? 1 : 0);
                  }

                """);
            foreach (string s in Structs)
            {
                c.Append(CultureInfo.InvariantCulture, $"  printf(\"sizeof {s} %zu\\n\", sizeof(struct {s}));\n");
            }

            foreach (string field in Fields)
            {
                string[] parts = field.Split('.');
                c.Append(CultureInfo.InvariantCulture, $"  printf(\"offsetof {field} %zu\\n\", offsetof(struct {parts[0]}, {parts[1]}));\n");
            }

            // Each macro is tested with #ifdef, so a header that lacks one reports it instead of failing to build.
            foreach (string macro in macros)
            {
                c.Append(CultureInfo.InvariantCulture, $"#ifdef {macro}\n  printf(\"const {macro} %lld\\n\", (long long)({macro}));\n#else\n  puts(\"missing {macro}\");\n#endif\n");
            }

            c.Append("  return 0;\n}\n");
            return c.ToString();
        }

        private static string? FindGcc()
        {
            string? path = Environment.GetEnvironmentVariable("PATH");
            if (path is null)
            {
                return null;
            }

            foreach (string directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(directory, "gcc");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        private static string Execute(string program, string[] arguments, string what)
        {
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{what} did not start");

            // Read stderr concurrently so neither pipe can fill and block the child.
            System.Threading.Tasks.Task<string> errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{what} timed out");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{what} exited with {process.ExitCode}: {errors.Result}");
            }

            return output;
        }
    }
}
