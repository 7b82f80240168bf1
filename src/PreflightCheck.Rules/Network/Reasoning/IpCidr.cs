using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PreflightCheck.Rules.Network.Reasoning;

/// <summary>
/// An IPv4 or IPv6 block held as the inclusive range [First, Last] of 128-bit integers, so containment and
/// overlap are integer comparisons. Blocks of different families never contain or overlap each other.
/// </summary>
internal readonly record struct IpCidr(AddressFamily Family, UInt128 First, UInt128 Last, int PrefixLength)
{
    public int Bits => Family == AddressFamily.InterNetwork ? 32 : 128;

    /// <summary>Parses "10.0.0.0/16", "2001:db8::/56" or a bare address (a /32 or /128). Host bits must be zero only when <paramref name="strict"/>.</summary>
    public static bool TryParse(string? text, out IpCidr cidr, bool strict = false)
    {
        cidr = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return false;
        }

        // IPAddress also reads the legacy short forms ("10.1" is 10.0.0.1); CIDR text never uses them.
        if (address.AddressFamily == AddressFamily.InterNetwork && addressText.Count(c => c == '.') != 3)
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            return false;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            return false;
        }

        var value = ToInteger(address);
        var hostMask = HostMask(prefix, bits);
        if (strict && (value & hostMask) != 0)
        {
            return false;
        }

        var first = value & ~hostMask;
        cidr = new IpCidr(address.AddressFamily, first, first | hostMask, prefix);
        return true;
    }

    public static IpCidr Parse(string text) =>
        TryParse(text, out var cidr) ? cidr : throw new FormatException($"'{text}' is not an IPv4 or IPv6 CIDR block");

    public static bool TryParseAddress(string? text, out IpCidr single) =>
        TryParse(text, out single) && single.PrefixLength == single.Bits && text!.IndexOf('/', StringComparison.Ordinal) < 0;

    public static IpCidr Of(IPAddress address)
    {
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var value = ToInteger(address);
        return new IpCidr(address.AddressFamily, value, value, bits);
    }

    public bool Contains(IPAddress address) => Covers(Of(address));

    /// <summary>Every address of <paramref name="other"/> is in this block.</summary>
    public bool Covers(IpCidr other) => Family == other.Family && First <= other.First && other.Last <= Last;

    public bool Overlaps(IpCidr other) => Family == other.Family && First <= other.Last && other.First <= Last;

    public bool IsEverything => PrefixLength == 0;

    /// <summary>How many addresses the block holds, saturating at <see cref="UInt128.MaxValue"/> for ::/0.</summary>
    public UInt128 Size => Last - First == UInt128.MaxValue ? UInt128.MaxValue : Last - First + 1;

    public override string ToString() => $"{FromInteger(First, Family)}/{PrefixLength}";

    private static UInt128 HostMask(int prefix, int bits) =>
        prefix >= bits ? UInt128.Zero : (bits - prefix == 128 ? UInt128.MaxValue : (UInt128.One << (bits - prefix)) - 1);

    private static UInt128 ToInteger(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        UInt128 value = 0;
        for (var i = 0; i < written; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    private static IPAddress FromInteger(UInt128 value, AddressFamily family)
    {
        var length = family == AddressFamily.InterNetwork ? 4 : 16;
        var bytes = new byte[length];
        for (var i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xff);
            value >>= 8;
        }

        return new IPAddress(bytes);
    }
}

/// <summary>A union of blocks of one or both families, for "is every source address admitted by some rule" questions.</summary>
internal sealed class AddressSet
{
    private readonly List<IpCidr> _blocks = [];

    public void Add(IpCidr block) => _blocks.Add(block);

    public bool IsEmpty => _blocks.Count == 0;

    /// <summary>True when every address of <paramref name="range"/> lies in the union, even if no single block covers it.</summary>
    public bool Covers(IpCidr range)
    {
        var next = range.First;
        foreach (var block in _blocks.Where(b => b.Family == range.Family && b.Overlaps(range)).OrderBy(b => b.First))
        {
            if (block.First > next)
            {
                return false;
            }

            if (block.Last >= range.Last)
            {
                return true;
            }

            next = UInt128.Max(next, block.Last + 1);
        }

        return false;
    }
}

/// <summary>Longest-prefix match: of the candidates whose block holds the address, the one with the longest prefix.</summary>
internal static class LongestPrefix
{
    public static T? Match<T>(IEnumerable<(IpCidr Block, T Value)> candidates, IpCidr address, Func<T, int>? tieBreak = null)
        where T : class =>
        candidates
            .Where(c => c.Block.Covers(address))
            .OrderByDescending(c => c.Block.PrefixLength)
            .ThenBy(c => tieBreak?.Invoke(c.Value) ?? 0)
            .Select(c => c.Value)
            .FirstOrDefault();
}
