using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Tellal.Chat.Rooms;

internal static class ChatProblems
{
    public static ProblemHttpResult RoomNotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Room not found");

    /// <summary>The room exists but the caller is not in it: 403, as the issue asks, rather than hiding it.</summary>
    public static ProblemHttpResult NotAMember() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not a member of this room",
            detail: "Only the room's members read and post in it; an admin manages a channel's members.");

    public static ProblemHttpResult UnknownUser(string userName) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown user", detail: $"No staff member is called '{userName}'.");
}
