using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tellal.Platform.Security;

/// <summary>
/// Binds a hub connection to the user who negotiated it. ASP.NET Core hands a connection to whoever presents its
/// connection token, whoever they are signed in as (HubConnectionOwnershipTests showed it): a token seen in a log or a
/// URL let another user take over a long-polling connection's messages or close it. So negotiate returns the token
/// with a MAC of (user, token) appended, a request naming a connection must carry the MAC of its own user, and the
/// framework sees its original token. Stateless; the key lives and dies with the process, like the connections.
/// </summary>
public static class HubConnectionOwnership
{
    private const char Separator = '.';
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    public static HubEndpointConventionBuilder BindConnectionsToUsers(this HubEndpointConventionBuilder hub)
    {
        hub.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = context => context.Request.Path.Value!.EndsWith("/negotiate", StringComparison.Ordinal)
                ? NegotiateAsync(context, inner)
                : UseAsync(context, inner);
        });
        return hub;
    }

    private static async Task NegotiateAsync(HttpContext context, RequestDelegate inner)
    {
        var response = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await inner(context);
        }
        finally
        {
            context.Response.Body = response;
        }

        var body = buffer.ToArray();
        if (context.Response.StatusCode == StatusCodes.Status200OK && JsonNode.Parse(body) is JsonObject negotiated)
        {
            // Version 1 clients address the connection by its token, version 0 clients by its id.
            var name = negotiated.ContainsKey("connectionToken") ? "connectionToken" : "connectionId";
            if (negotiated[name]?.GetValue<string>() is { } token)
            {
                negotiated[name] = $"{token}{Separator}{Mac(context, token)}";
                body = JsonSerializer.SerializeToUtf8Bytes(negotiated);
            }
        }

        context.Response.ContentLength = body.Length;
        await response.WriteAsync(body, context.RequestAborted);
    }

    private static Task UseAsync(HttpContext context, RequestDelegate inner)
    {
        var presented = context.Request.Query["id"].ToString();
        if (presented.Length == 0)
        {
            // A WebSocket opened without negotiating: a new connection, its own.
            return inner(context);
        }

        var split = presented.LastIndexOf(Separator);
        if (split < 0 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented[(split + 1)..]), Encoding.ASCII.GetBytes(Mac(context, presented[..split]))))
        {
            // The framework's answer to a connection it does not know: someone else's connection does not exist for you.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        var query = context.Request.Query.ToDictionary(parameter => parameter.Key, parameter => parameter.Value);
        query["id"] = presented[..split];
        context.Request.QueryString = QueryString.Create(query);
        return inner(context);
    }

    private static string Mac(HttpContext context, string token)
    {
        var user = context.User.FindFirst(ClaimsPrincipalExtensions.UserIdClaim)?.Value ?? "";
        return Base64Url.EncodeToString(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes($"{user}\n{token}")));
    }
}
