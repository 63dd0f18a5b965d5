using ChatHub.Hub.Extensions;

var app = ChatHubApplication.Create(args);
await app.RunAsync();

/// <summary>The entry point type, visible to tests.</summary>
public partial class Program;
