using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Tellal.Identity.SignIn;

/// <summary>Who is signing in, as far as the network tells: the key of the per-client throttle and rate limit.</summary>
internal static class ClientAddress
{
    /// <summary>
    /// The remote address; for IPv6 its /64 prefix, because one host usually holds a whole /64 and could otherwise
    /// take a fresh address for every attempt. Behind a reverse proxy this is the proxy unless forwarded headers are
    /// applied first (then every client shares one budget: still safe, only coarser).
    /// </summary>
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }
}
