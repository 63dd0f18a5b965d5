using Microsoft.AspNetCore.SignalR;

namespace ChatHub.Redis.SignalR;

/// <summary>A decoded invocation: which node sent it, which connections to skip, and the message in every protocol.</summary>
internal sealed record ScaleoutInvocation(string Origin, HashSet<string>? Excluded, SerializedHubMessage Message);
