using Tellal.Platform.Hosting;

namespace Tellal.Extensions;

/// <summary>
/// Every response names the node that answered it (<c>Tellal-Node</c>, its Tellal:NodeName, which /health/ready shows
/// anyway): support reads it in a browser's network log, it is the name Nginx pins a browser to (deploy/nginx/tellal.conf,
/// cookie <c>tellal_node</c>), and a test through Nginx sees which node served what.
/// </summary>
internal static class NodeHeader
{
    public const string Name = "Tellal-Node";

    /// <summary>Set when the response starts, like the security headers, so error answers and short-circuits carry it too.</summary>
    public static IApplicationBuilder UseNodeHeader(this IApplicationBuilder app)
    {
        var node = app.ApplicationServices.GetRequiredService<NodeIdentity>().Name;
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[Name] = node;
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
