// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ICobuildNotices
/// @notice Notices from senders one chose to follow. A sender (a community, a friend, a project)
/// posts to its followers or to the followers interested in a tag, or invites one person; a person
/// follows and unfollows senders. The sender of every notice is `msg.sender`: nobody can post in
/// someone else's name.
/// @dev The contract only records who follows whom and emits the notices; a watcher builds each
/// person's inbox from these events. A post reaches a person only if that person follows its
/// sender at the post's block (and, for a tag post, declares the tag in {ICobuildInterests}), so a
/// spammer with many addresses reaches nobody who did not follow one of them. Posts are bounded
/// ({MAX_TEXT}) so that a watcher's storage per notice is bounded.
interface ICobuildNotices {
    /// @notice `follower` follows `sender`.
    event Followed(address indexed follower, address indexed sender);
    /// @notice `follower` no longer follows `sender`.
    event Unfollowed(address indexed follower, address indexed sender);
    /// @notice `sender` posted a notice to its followers (`key` = 0) or to its followers interested
    /// in the tag whose key is `key`.
    event Posted(address indexed sender, bytes32 indexed key, string tag, string text, string uri);
    /// @notice `sender` invited `invitee` (e.g. to a fishing trip); reaches the invitee if it
    /// follows the sender.
    event Invited(address indexed sender, address indexed invitee, string text, string uri);

    /// @notice The caller already follows `sender`.
    error AlreadyFollowing(address follower, address sender);
    /// @notice The caller does not follow `sender`.
    error NotFollowing(address follower, address sender);
    /// @notice Following oneself or the zero address means nothing.
    error InvalidSender(address sender);
    /// @notice A notice's text is empty or longer than {MAX_TEXT} bytes (or its uri is).
    error InvalidNoticeLength(uint256 textLength, uint256 uriLength);
    /// @notice An invitation to nobody or to oneself.
    error InvalidInvitee(address invitee);

    /// @notice The longest text (and uri) of a notice, in bytes.
    function MAX_TEXT() external view returns (uint256);

    /// @notice Follow `sender`: its posts and invitations reach the caller's inbox from now on.
    function follow(address sender) external;

    /// @notice Stop following `sender`.
    function unfollow(address sender) external;

    /// @notice Post a notice to the caller's followers.
    function post(string calldata text, string calldata uri) external;

    /// @notice Post a notice to the caller's followers that declare `tag` (in normal form).
    function postToTag(string calldata tag, string calldata text, string calldata uri) external;

    /// @notice Invite `invitee` (it sees the invitation if it follows the caller).
    function invite(address invitee, string calldata text, string calldata uri) external;

    /// @notice Whether `follower` follows `sender`.
    function isFollowing(address follower, address sender) external view returns (bool);
}
