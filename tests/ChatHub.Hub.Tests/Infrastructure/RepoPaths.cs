namespace ChatHub.Hub.Tests.Infrastructure;

public static class RepoPaths
{
    /// <summary>The repository root (the folder holding ChatHub.sln), found from the test's base directory.</summary>
    public static string Root { get; } = FindRoot();

    public static string HubProject => Path.Combine(Root, "src", "Hub");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChatHub.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ChatHub.sln not found above " + AppContext.BaseDirectory);
    }
}
