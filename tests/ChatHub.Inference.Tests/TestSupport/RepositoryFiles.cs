namespace ChatHub.Inference.Tests.TestSupport;

/// <summary>Finds files of the repository by walking up from the test's output folder.</summary>
internal static class RepositoryFiles
{
    public static string KnowledgeBasePath => Path.Combine(FindRoot(), "content", "knowledge.md");

    public static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ChatHub.sln"))
                || File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root above '{AppContext.BaseDirectory}'.");
    }
}
