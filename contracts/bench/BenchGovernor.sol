// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

/// @title BenchVotes
/// @notice Voting token for the Governor benchmark reference. Used only by `make bench`.
contract BenchVotes is ERC20, ERC20Votes {
    constructor() ERC20("Bench Votes", "BV") EIP712("Bench Votes", "1") {}

    /// @notice Mint voting power to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}

/// @title BenchGovernor
/// @notice Benchmark reference: OpenZeppelin's Governor with simple counting, for `castVote`.
contract BenchGovernor is Governor, GovernorCountingSimple, GovernorVotes {
    constructor(IVotes token) Governor("Bench Governor") GovernorVotes(token) {}

    /// @inheritdoc Governor
    function votingDelay() public pure override returns (uint256) {
        return 1;
    }

    /// @inheritdoc Governor
    function votingPeriod() public pure override returns (uint256) {
        return 1000;
    }

    /// @inheritdoc Governor
    function quorum(uint256) public pure override returns (uint256) {
        return 1;
    }
}
