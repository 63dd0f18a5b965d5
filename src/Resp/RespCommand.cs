namespace ChatHub.Resp;

/// <summary>A command name with its arguments, for batches such as <see cref="RespClient.ExecuteTransactionAsync"/>.</summary>
/// <param name="Name">The command, e.g. <c>SET</c>.</param>
/// <param name="Args">Its arguments, sent as bulk strings.</param>
public readonly record struct RespCommand(string Name, IReadOnlyList<RespArg> Args);
