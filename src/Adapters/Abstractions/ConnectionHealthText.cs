namespace ChatHub.Adapters.Abstractions;

/// <summary>
/// How a <see cref="ConnectionHealth"/> words its results, each after "<see cref="Name"/>: ": <see cref="Ready"/>
/// before the detail given when ready, <see cref="Stopped"/> before ": reason", <see cref="NotReady"/> while starting,
/// <see cref="Reconnecting"/> while reconnecting.
/// </summary>
internal sealed record ConnectionHealthText(string Name, string Ready, string Stopped, string NotReady, string Reconnecting);
