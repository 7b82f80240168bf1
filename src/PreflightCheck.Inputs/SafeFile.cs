using System.Runtime.InteropServices;
using PreflightCheck.Core;

namespace PreflightCheck.Inputs;

/// <summary>
/// Reads an input file whole, refusing anything that is not a regular file once symbolic links are resolved (a FIFO would
/// block, a device never ends) and never reading more than the cap, whatever size the file reports (/proc files say 0).
/// </summary>
internal static partial class SafeFile
{
    public static byte[] ReadAll(string path, long cap, string? displayName = null)
    {
        var name = displayName ?? path;
        try
        {
            var resolved = FollowLinks(path, name);
            if (Directory.Exists(resolved))
            {
                throw new InputException("is a directory, not a file", name);
            }

            var info = new FileInfo(resolved);
            if (!info.Exists)
            {
                throw new InputException("file not found", name);
            }

            if (FileType(resolved) is { } type && type != RegularFile)
            {
                throw new InputException($"is not a regular file ({Describe(type)}); give a file", name);
            }

            if (info.Length > cap)
            {
                throw TooLarge(info.Length, cap, name);
            }

            using var stream = new FileStream(resolved, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            var buffer = new byte[(int)Math.Min(cap + 1, Math.Max(info.Length + 1, 64 * 1024))];
            var read = 0;
            while (true)
            {
                if (read == buffer.Length)
                {
                    if (read > cap)
                    {
                        throw TooLarge(read, cap, name);
                    }

                    Array.Resize(ref buffer, (int)Math.Min(cap + 1, (long)buffer.Length * 2));
                }

                var n = stream.Read(buffer, read, buffer.Length - read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            if (read > cap)
            {
                throw TooLarge(read, cap, name);
            }

            Array.Resize(ref buffer, read);
            return buffer;
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputException("cannot be read: permission denied", name);
        }
        catch (IOException ex)
        {
            throw new InputException($"cannot be read: {ex.Message}", name);
        }
    }

    private static string FollowLinks(string path, string name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var current = Path.GetFullPath(path);
        while (new FileInfo(current).LinkTarget is { } target)
        {
            if (!seen.Add(current) || seen.Count > 40)
            {
                throw new InputException("is a symbolic link that loops back on itself", name);
            }

            current = Path.GetFullPath(target, Path.GetDirectoryName(current)!);
        }

        return current;
    }

    private static InputException TooLarge(long size, long cap, string name) => size > cap && size > 2 * 1024 * 1024
        ? new InputException($"file is {size / (1024.0 * 1024.0):0.0} MiB{(size == cap + 1 ? " or more" : "")}; inputs larger than {cap / (1024.0 * 1024.0):0.#} MiB are refused", name)
        : new InputException($"file is {size}{(size == cap + 1 ? " or more" : "")} bytes; inputs larger than {cap} bytes are refused", name);

    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    private static string Describe(int type) => type switch
    {
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x6000 => "a block device",
        0xC000 => "a socket",
        _ => "a special file",
    };

    /// <summary>The stat(2) file type, through the runtime's own portable native shim; null where it is not available.</summary>
    private static int? FileType(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            var status = default(NativeFileStatus);
            return Stat(path, ref status) == 0 ? status.Mode & TypeMask : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    // libSystem.Native ships with every .NET runtime on Unix; its FileStatus starts with Flags then Mode (portable S_IF* bits).
    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, ref NativeFileStatus status);

    [StructLayout(LayoutKind.Sequential, Size = 512)]
    private struct NativeFileStatus
    {
        public int Flags;
        public int Mode;
    }
}
