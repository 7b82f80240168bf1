using System.Net;
using System.Net.Sockets;

namespace PreflightCheck.Collectors.Net;

internal static class AddressClass
{
    private static readonly IPAddress Ec2MetadataV6 = IPAddress.Parse("fd00:ec2::254");

    /// <summary>
    /// Link-local (169.254.0.0/16, fe80::/10), the EC2 instance-metadata address, or the unspecified address (0.0.0.0, ::,
    /// which a dialler takes for this host): never a place to send credentials.
    /// </summary>
    public static bool IsLinkLocalOrMetadata(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 169 && b[1] == 254;
        }

        return address.IsIPv6LinkLocal || address.Equals(Ec2MetadataV6);
    }

    /// <summary>RFC 1918, loopback, CGNAT, unique-local and link-local addresses count as private.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || (b[0] == 169 && b[1] == 254);
        }

        var first = address.GetAddressBytes()[0];
        return (first & 0xFE) == 0xFC || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal;
    }
}
