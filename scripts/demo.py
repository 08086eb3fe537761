from brownie import TestToken, accounts


def main() -> None:
    token = TestToken.deploy("Cobuild Test Dollar", "CTD", {"from": accounts[0]})
    print(f"TestToken deployed at {token.address}")
