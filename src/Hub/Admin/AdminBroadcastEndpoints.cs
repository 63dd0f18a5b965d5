using System.Security.Claims;
using ChatHub.Conversation.Broadcasts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChatHub.Hub.Admin;

/// <summary>
/// <c>/admin/broadcasts</c> (issue 23), inside the admin group (key, management address, call log):
/// <c>POST</c> creates (idempotent by the <c>Idempotency-Key</c> header: the same key answers the same broadcast, 200,
/// and sends nothing again), <c>GET {id}</c> reports progress with a page of failures (<c>offset</c>, <c>limit</c>),
/// <c>DELETE {id}</c> cancels what is not yet queued. Bad input is a 400 with the reason.
/// </summary>
public static class AdminBroadcastEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int MaxFailurePage = 500;

    public static RouteGroupBuilder MapBroadcastEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapPost("/broadcasts", CreateAsync);
        admin.MapGet("/broadcasts/{id}", GetAsync);
        admin.MapDelete("/broadcasts/{id}", CancelAsync);
        return admin;
    }

    private static async Task<Results<Accepted<BroadcastResponse>, Ok<BroadcastResponse>, BadRequest<ProblemDetails>>> CreateAsync(
        BroadcastRequest? request, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, BroadcastService broadcasts, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return TypedResults.BadRequest(Problem("A JSON body is required: {\"text\": \"…\", \"audience\": {\"people\": [\"u_…\"]}}."));
        }

        var result = await broadcasts.CreateAsync(
            new BroadcastDraft(request.Text, request.Template, request.Audience, request.SendAt, request.Cron, idempotencyKey), KeyName(caller), cancellationToken);
        if (result.Broadcast is not { } broadcast)
        {
            return TypedResults.BadRequest(Problem(result.Error!));
        }

        var response = BroadcastResponse.From(broadcast);
        return result.Created ? TypedResults.Accepted($"/admin/broadcasts/{broadcast.Id}", response) : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<BroadcastResponse>, NotFound<ProblemDetails>, BadRequest<ProblemDetails>>> GetAsync(
        string id, int? offset, int? limit, BroadcastService broadcasts, CancellationToken cancellationToken)
    {
        if (offset is < 0 || limit is < 1 or > MaxFailurePage)
        {
            return TypedResults.BadRequest(Problem($"'offset' must not be negative and 'limit' between 1 and {MaxFailurePage}."));
        }

        var progress = await broadcasts.GetProgressAsync(id, offset ?? 0, limit ?? 50, cancellationToken);
        return progress is null
            ? TypedResults.NotFound(Problem($"No broadcast '{id}'."))
            : TypedResults.Ok(BroadcastResponse.From(progress.Broadcast, progress.Counts, progress.Failures));
    }

    private static async Task<Results<Ok<BroadcastResponse>, NotFound<ProblemDetails>>> CancelAsync(
        string id, BroadcastService broadcasts, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var cancelled = await broadcasts.CancelAsync(id, KeyName(caller), cancellationToken);
        return cancelled is null ? TypedResults.NotFound(Problem($"No broadcast '{id}'.")) : TypedResults.Ok(BroadcastResponse.From(cancelled));
    }

    private static string KeyName(ClaimsPrincipal caller) => caller.Identity?.Name ?? "(unknown)";

    private static ProblemDetails Problem(string detail) => new() { Detail = detail };
}
