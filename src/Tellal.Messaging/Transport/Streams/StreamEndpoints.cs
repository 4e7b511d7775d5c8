using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tellal.Messaging.Transport.Streams;

public static class StreamEndpoints
{
    /// <summary>
    /// <c>GET /api/admin/streams</c>: per transport in use, queue depths (Local, RabbitMQ) or topics with each partition's
    /// leader, watermarks, the consumer group's committed offset and lag (Kafka). Authorization is the host's, as for the
    /// dead letters.
    /// </summary>
    public static IEndpointRouteBuilder MapStreamEndpoints(this IEndpointRouteBuilder endpoints, Action<AuthorizationPolicyBuilder> authorize)
    {
        endpoints.MapGet("/api/admin/streams", async (StreamsView view, CancellationToken ct) => TypedResults.Ok(await view.DescribeAsync(ct)))
            .WithTags("Streams")
            .WithName("ListStreams")
            .RequireAuthorization(authorize);
        return endpoints;
    }
}
