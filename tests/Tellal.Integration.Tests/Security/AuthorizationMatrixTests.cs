using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Platform.Security;
using Tellal.Telemetry.Keys;

namespace Tellal.Integration.Tests.Security;

/// <summary>
/// Walks every endpoint the running node maps, with no credentials, with a telemetry app key and as each role, against
/// the tables below. An endpoint added without a policy, or missing from the tables, or a role added without its column,
/// fails here.
/// </summary>
public sealed partial class AuthorizationMatrixTests : IAsyncLifetime
{
    private const string Anonymous = "anonymous";

    /// <summary>Opened by a telemetry app key (<c>X-Api-Key</c>) alone: staff credentials get 401 there, as no one.</summary>
    private const string AppKey = "app key";
    private static readonly string[] Everyone = [.. TellalPolicies.UserRoles];

    /// <summary>Every operation of /openapi/v1.json and the roles allowed to call it (the others get 403).</summary>
    private static readonly Dictionary<string, string[]> Documented = new()
    {
        // Deliberately anonymous: signing in, and ReportHub's webhook, which carries its own signature.
        ["POST /api/auth/token"] = [Anonymous],
        ["POST /api/reports/external/webhook"] = [Anonymous],

        ["GET /api/report-types"] = Everyone,
        ["POST /api/reports"] = [TellalPolicies.Requester, TellalPolicies.Admin],
        ["GET /api/reports"] = Everyone,
        ["GET /api/reports/{id}"] = Everyone,
        ["GET /api/reports/{id}/file"] = Everyone,
        ["POST /api/reports/{id}/cancel"] = Everyone,
        ["DELETE /api/reports/{id}"] = Everyone,
        ["POST /api/reports/{id}/approve"] = [TellalPolicies.Approver],
        ["POST /api/reports/{id}/reject"] = [TellalPolicies.Approver],
        ["GET /api/approvals"] = [TellalPolicies.Approver],
        ["GET /api/notifications"] = Everyone,
        ["POST /api/notifications/{id}/read"] = Everyone,
        ["GET /api/users"] = [TellalPolicies.Admin],
        ["POST /api/users"] = [TellalPolicies.Admin],
        ["PUT /api/users/{id}/roles"] = [TellalPolicies.Admin],
        ["POST /api/users/{id}/password"] = [TellalPolicies.Admin],
        ["POST /api/users/{id}/disable"] = [TellalPolicies.Admin],
        ["POST /api/users/{id}/enable"] = [TellalPolicies.Admin],
        ["GET /api/admin/dead-letters"] = [TellalPolicies.Admin],
        ["GET /api/admin/dead-letters/{id}"] = [TellalPolicies.Admin],
        ["POST /api/admin/dead-letters/{id}/replay"] = [TellalPolicies.Admin],
        ["GET /api/admin/nodes"] = [TellalPolicies.Admin],
        ["POST /api/rentals"] = [TellalPolicies.Clerk, TellalPolicies.Admin],
        ["GET /api/rentals"] = [TellalPolicies.Clerk, TellalPolicies.Admin],
        ["GET /api/rentals/{id}"] = [TellalPolicies.Clerk, TellalPolicies.Admin],
        ["POST /api/rentals/{id}/return"] = [TellalPolicies.Clerk, TellalPolicies.Admin],
        ["GET /api/inventory"] = [TellalPolicies.Clerk, TellalPolicies.Admin],
        ["GET /api/inventory/games/{gameId}"] = [TellalPolicies.Clerk, TellalPolicies.Admin],
        ["GET /api/admin/streams"] = [TellalPolicies.Admin],
        ["POST /api/telemetry/events"] = [AppKey],
        ["GET /api/telemetry/active-users"] = [TellalPolicies.Admin, TellalPolicies.Approver],
        ["GET /api/telemetry/active-users/series"] = [TellalPolicies.Admin, TellalPolicies.Approver],
        ["GET /api/telemetry/revenue"] = [TellalPolicies.Admin, TellalPolicies.Approver],
        ["GET /api/telemetry/pipeline"] = [TellalPolicies.Admin, TellalPolicies.Approver],
        // Every staff member chats; which rooms they read is decided per room (members only, 403 otherwise).
        ["GET /api/chat/rooms"] = Everyone,
        ["POST /api/chat/direct"] = Everyone,
        ["GET /api/chat/rooms/{id}/members"] = Everyone,
        ["POST /api/chat/rooms/{id}/read"] = Everyone,
        ["GET /api/chat/rooms/{id}/messages"] = Everyone,
        ["POST /api/chat/rooms/{id}/messages"] = Everyone,
        ["POST /api/chat/rooms"] = [TellalPolicies.Admin],
        ["PUT /api/chat/rooms/{id}/members/{userName}"] = [TellalPolicies.Admin],
        ["DELETE /api/chat/rooms/{id}/members/{userName}"] = [TellalPolicies.Admin],
    };

    /// <summary>
    /// Endpoints outside the OpenAPI document (pages excepted) and the status each answers without credentials.
    /// Probes, metrics and the document itself are anonymous; the cookie sign-in/out forms are the browser's way in;
    /// the hubs need a user (the operations hub an admin: OperationsViewTests; the stock hub a clerk or an admin: StockPushTests).
    /// </summary>
    private static readonly Dictionary<string, HttpStatusCode> Undocumented = new()
    {
        ["* /health/live"] = HttpStatusCode.OK,
        ["* /health/ready"] = HttpStatusCode.OK,
        ["* /metrics"] = HttpStatusCode.OK,
        ["GET /openapi/{documentName}.json"] = HttpStatusCode.OK,
        ["POST /account/sign-in"] = HttpStatusCode.Redirect,
        ["POST /account/sign-out"] = HttpStatusCode.Redirect,
        ["* /hubs/notifications/negotiate"] = HttpStatusCode.Unauthorized,
        ["* /hubs/notifications"] = HttpStatusCode.Unauthorized,
        ["* /hubs/operations/negotiate"] = HttpStatusCode.Unauthorized,
        ["* /hubs/operations"] = HttpStatusCode.Unauthorized,
        ["* /hubs/chat/negotiate"] = HttpStatusCode.Unauthorized,
        ["* /hubs/chat"] = HttpStatusCode.Unauthorized,
        ["* /hubs/stock/negotiate"] = HttpStatusCode.Unauthorized,
        ["* /hubs/stock"] = HttpStatusCode.Unauthorized,
    };

    private readonly TellalApp _app = new();
    private readonly Dictionary<string, HttpClient> _asRole = [];
    private HttpClient _anonymous = null!;
    private HttpClient _appKey = null!;

    public async ValueTask InitializeAsync()
    {
        foreach (var role in TellalPolicies.UserRoles)
        {
            _asRole[role] = await _app.NewUserAsync(role);
        }

        _anonymous = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        _appKey = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await using var scope = _app.Services.CreateAsyncScope();
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<AppKeyStore>().AddAsync("matrix-app", CancellationToken.None);
        _appKey.DefaultRequestHeaders.Add(AppKeyAuthentication.Header, secret);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _asRole.Values.Append(_anonymous).Append(_appKey))
        {
            client.Dispose();
        }

        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Every_documented_endpoint_refuses_anonymous_callers_and_the_roles_the_table_does_not_allow()
    {
        var operations = await DocumentedOperationsAsync();
        AssertSame(Documented.Keys, operations, "the OpenAPI operations");
        var failures = new List<string>();
        foreach (var operation in operations)
        {
            var allowed = Documented[operation];
            var anonymous = await CallAsync(_anonymous, operation);
            if (allowed.Contains(Anonymous))
            {
                Expect(anonymous is not HttpStatusCode.Forbidden and < HttpStatusCode.InternalServerError, operation, "anonymous", anonymous, "no 403 or 5xx");
                continue;
            }

            Expect(anonymous == HttpStatusCode.Unauthorized, operation, "anonymous", anonymous, "401");
            var withKey = await CallAsync(_appKey, operation);
            if (allowed.Contains(AppKey))
            {
                Expect(withKey is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) and < HttpStatusCode.InternalServerError,
                    operation, "an app key", withKey, "allowed (no 401/403/5xx)");
                foreach (var role in TellalPolicies.UserRoles)
                {
                    var staff = await CallAsync(_asRole[role], operation);
                    Expect(staff == HttpStatusCode.Unauthorized, operation, role, staff, "401 (staff credentials do not open it)");
                }

                continue;
            }

            // An app key opens nothing else: to every other endpoint its caller is anonymous.
            Expect(withKey == HttpStatusCode.Unauthorized, operation, "an app key", withKey, "401");
            foreach (var role in TellalPolicies.UserRoles)
            {
                var status = await CallAsync(_asRole[role], operation);
                Expect(allowed.Contains(role)
                    ? status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) and < HttpStatusCode.InternalServerError
                    : status == HttpStatusCode.Forbidden, operation, role, status, allowed.Contains(role) ? "allowed (no 401/403/5xx)" : "403");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));

        void Expect(bool ok, string operation, string who, HttpStatusCode status, string expected)
        {
            if (!ok)
            {
                failures.Add($"{operation} as {who}: {(int)status}, expected {expected}");
            }
        }
    }

    [Fact]
    public async Task Every_endpoint_outside_the_document_is_known_and_pages_send_anonymous_visitors_to_sign_in()
    {
        var documented = (await DocumentedOperationsAsync()).Select(o => o.Split(' ')[1]).ToHashSet();
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var pages = endpoints.Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null).ToList();
        var others = endpoints.Except(pages)
            .Select(e => $"{Methods(e)} {WithoutConstraints(e.RoutePattern.RawText!)}")
            .Where(key => !documented.Contains(key.Split(' ')[1]))
            .Distinct()
            .ToList();
        AssertSame(Undocumented.Keys, others, "the endpoints outside the OpenAPI document");

        foreach (var (key, expected) in Undocumented)
        {
            var (method, path) = (key.Split(' ')[0], key.Split(' ')[1].Replace("{documentName}", "v1"));
            var status = await CallAsync(_anonymous, $"{(method == "*" ? "GET" : method)} {path}");
            Assert.True(expected == status, $"{key} without credentials: {(int)status}, expected {(int)expected}");
        }

        Assert.NotEmpty(pages);
        foreach (var page in pages.Select(p => "/" + p.RoutePattern.RawText!.TrimStart('/')).Distinct())
        {
            var path = Placeholder().Replace(page, _ => Guid.NewGuid().ToString());
            using var response = await _anonymous.GetAsync(path);
            if (page == BrowserRoutes.SignInPage)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {path} without a cookie: {(int)response.StatusCode}");
            Assert.StartsWith($"{BrowserRoutes.SignInPage}?", response.Headers.Location?.OriginalString);
        }
    }

    private async Task<List<string>> DocumentedOperationsAsync()
    {
        using var document = JsonDocument.Parse(await _anonymous.GetStringAsync("/openapi/v1.json"));
        return [.. document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => HttpMethods.IsGet(operation.Name) || HttpMethods.IsPost(operation.Name) || HttpMethods.IsPut(operation.Name)
                    || HttpMethods.IsPatch(operation.Name) || HttpMethods.IsDelete(operation.Name))
                .Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))];
    }

    /// <summary>Calls an operation with placeholder ids and an empty JSON body: enough to pass or fail authorization.</summary>
    private static async Task<HttpStatusCode> CallAsync(HttpClient client, string operation)
    {
        var method = operation.Split(' ')[0];
        // Game ids are numbers (the warehouse's); every other id is a GUID.
        var path = Placeholder().Replace(operation.Split(' ')[1], match => match.Value == "{gameId}" ? "1" : Guid.NewGuid().ToString());
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static void AssertSame(IEnumerable<string> table, IEnumerable<string> found, string what)
    {
        var missing = found.Except(table).ToList();
        var gone = table.Except(found).ToList();
        Assert.True(missing.Count == 0 && gone.Count == 0,
            $"The table does not match {what}. Not in the table: [{string.Join(", ", missing)}]; no longer mapped: [{string.Join(", ", gone)}]");
    }

    private static string Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods && methods.HttpMethods.Count == 1 ? methods.HttpMethods[0] : "*";

    /// <summary>The route as OpenAPI spells it: no constraints, no trailing slash (a group's "/" adds one).</summary>
    private static string WithoutConstraints(string pattern) => "/" + Constraint().Replace(pattern, "}").Trim('/');

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@":[^}]+\}")]
    private static partial Regex Constraint();
}
