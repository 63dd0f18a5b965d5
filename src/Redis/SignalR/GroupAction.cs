namespace ChatHub.Redis.SignalR;

internal enum GroupAction : byte
{
    Add = 1,
    Remove = 2,
}
